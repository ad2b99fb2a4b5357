import { AAF_JOIN_KEY_ISSUER, directoryKeySubject } from '../../src/auth/directory-keys.js';
import type { DirectoryKey } from '../../src/connectors/contract.js';
import { newId } from '../../src/model/columns.js';
import { ExternalIdentity, type Person } from '../../src/model/index.js';
import { testDataSource } from '../support/database.js';

/** Records a person's académie directory key in a school, as a roster import of that school does. */
export async function giveDirectoryKey(person: Person, key: string, school: { readonly id: string }, kind: DirectoryKey['kind']): Promise<void> {
  await testDataSource().getRepository(ExternalIdentity).insert({
    id: newId(),
    personId: person.id,
    issuer: AAF_JOIN_KEY_ISSUER,
    subject: directoryKeySubject(school.id, kind, key),
    connectorId: 'roster-csv',
    createdAt: new Date('2020-01-01T00:00:00Z'),
    lastSeenAt: null,
  });
}

/** Records a person's own account at an identity provider, as their first sign-in or an ENT directory read does. */
export async function giveAccount(person: Person, issuer: string, subject: string): Promise<void> {
  await testDataSource().getRepository(ExternalIdentity).insert({
    id: newId(),
    personId: person.id,
    issuer,
    subject,
    connectorId: 'test',
    createdAt: new Date('2020-01-01T00:00:00Z'),
    lastSeenAt: null,
  });
}
