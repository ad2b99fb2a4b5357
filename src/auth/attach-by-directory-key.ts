import type { EntityManager } from 'typeorm';
import type { DirectoryKey, NormalizedIdentity } from '../connectors/contract.js';
import { newId } from '../model/columns.js';
import { ExternalIdentity } from '../model/index.js';
import { AAF_JOIN_KEY_ISSUER, MAX_DIRECTORY_KEY_LENGTH, directoryKeySubject, roleOfKind } from './directory-keys.js';

interface KeyOwnerRow {
  personId: string;
  subject: string;
  schoolId: string;
  role: string;
}

/**
 * A first sign-in whose source vouches for the person's directory keys: the person a roster
 * import created under one of those keys gets this account too, so the links the school recorded
 * apply at once. A key is looked up only in `schoolIds` (the schools the identity or its
 * connector concerns), and designates someone only if they hold there the role its kind implies
 * (a pupil key, a pupil; a responsible adult's key, a parent). Only when exactly one person matches.
 */
export async function attachByDirectoryKey(
  manager: EntityManager,
  identity: NormalizedIdentity,
  now: Date,
  schoolIds: readonly string[],
): Promise<ExternalIdentity | null> {
  const keys = distinctKeys(identity.directoryKeys ?? []);
  if (keys.length === 0 || schoolIds.length === 0) return null;
  const expected = new Map<string, { schoolId: string; role: string }>();
  for (const schoolId of schoolIds) {
    for (const key of keys) expected.set(directoryKeySubject(schoolId, key.kind, key.key), { schoolId, role: roleOfKind(key.kind) });
  }
  const subjects = [...expected.keys()];
  const rows = (await manager.query(
    `SELECT x.personId AS personId, x.subject AS subject, m.schoolId AS schoolId, m.role AS role
       FROM external_identity x JOIN school_membership m ON m.personId = x.personId
      WHERE x.issuer = ? AND x.subject IN (${subjects.map(() => '?').join(', ')})`,
    [AAF_JOIN_KEY_ISSUER, ...subjects],
  )) as KeyOwnerRow[];
  const owners = new Set(
    rows
      .filter((row) => {
        const wanted = expected.get(row.subject);
        return wanted !== undefined && wanted.schoolId === row.schoolId && wanted.role === row.role;
      })
      .map((row) => row.personId),
  );
  if (owners.size !== 1) return null;
  const link = Object.assign(new ExternalIdentity(), {
    id: newId(),
    personId: [...owners][0]!,
    issuer: identity.issuer,
    subject: identity.subject,
    connectorId: identity.connectorId,
    createdAt: now,
    lastSeenAt: now,
  });
  await manager.insert(ExternalIdentity, link);
  return link;
}

function distinctKeys(keys: readonly DirectoryKey[]): DirectoryKey[] {
  const seen = new Map<string, DirectoryKey>();
  for (const key of keys) {
    const value = key.key.trim();
    if (value === '' || value.length > MAX_DIRECTORY_KEY_LENGTH) continue;
    seen.set(`${key.kind}|${value}`, { kind: key.kind, key: value });
  }
  return [...seen.values()];
}
