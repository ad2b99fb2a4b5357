import * as client from 'openid-client';
import type { DirectoryPupil, OidcConnector } from '../../connectors/contract.js';
import type { LoadedConnector } from '../../connectors/registry.js';
import type { ModuleContext } from '../../context.js';
import { runInTransaction } from '../../db/transaction.js';
import { AppError } from '../../http/errors.js';
import { IdentityClassSource } from '../../model/identity-class-source.js';
import { SchoolClass } from '../../model/school-class.js';
import { provisionWithin } from '../provisioner.js';
import { isUniqueViolation } from '../../db/unique-violation.js';
import { oidcConfiguration } from './oidc-configuration.js';
import { column, queryRows, rowReader } from '../../db/row-reader.js';

/** What a class sync did. */
interface ClassSyncResult {
  readonly listed: number;
  readonly created: number;
}

/** The classes of a school this connector created, which its directory can read (by name). */
export async function directoryClasses(context: ModuleContext, connectorId: string, schoolId: string): Promise<{ id: string; name: string }[]> {
  return await queryRows(context.dataSource, rowReader({ id: column.text, name: column.text }), `SELECT k.id AS id, k.name AS name FROM school_class k JOIN identity_class_source s ON s.classId = k.id AND s.connectorId = ?
      WHERE k.schoolId = ? AND k.externalRef IS NOT NULL ORDER BY k.name, k.id`,
    [connectorId, schoolId]);
}

/**
 * Reads a class's pupils from the ENT directory (client-credentials token, page by page) and
 * enrols them through the one provisioner: each becomes, or is found as, the ENT account's person
 * (by account, else by directory key). Only a class this connector created can be read: its
 * `externalRef` is this ENT's class id. The whole class is written in one transaction (all pupils
 * or none). Only adds; the ENT's directory is fed by the school's records. The caller checks
 * that the actor may import the school's records.
 */
export async function syncClassFromDirectory(context: ModuleContext, loaded: LoadedConnector<OidcConnector>, schoolId: string, classId: string): Promise<ClassSyncResult> {
  const directory = loaded.connector.directory;
  const klass = await context.dataSource.getRepository(SchoolClass).findOneBy({ id: classId, schoolId });
  const fromThisConnector = klass ? await context.dataSource.getRepository(IdentityClassSource).existsBy({ classId: klass.id, connectorId: loaded.id }) : false;
  if (!directory || !klass?.externalRef || !fromThisConnector) throw new AppError('NOT_FOUND');
  const now = context.clock.now();
  const configuration = await oidcConfiguration(loaded, now);
  let pupils: readonly DirectoryPupil[];
  try {
    const token = await client.clientCredentialsGrant(configuration, { scope: directory.scopes.join(' ') });
    pupils = await directory.classRoster(async (url) => {
      const response = await client.fetchProtectedResource(configuration, token.access_token, url, 'GET');
      if (!response.ok) throw new Error(`directory answered ${response.status}`);
      return response.json();
    }, klass.externalRef);
  } catch (error) {
    throw new AppError('AUTH_PROVIDER_UNAVAILABLE', { cause: error });
  }
  const issuer = configuration.serverMetadata().issuer;
  const externalRef = klass.externalRef;
  const enrolAll = () =>
    runInTransaction(context.dataSource, async (manager) => {
      let created = 0;
      for (const pupil of pupils) {
        const result = await provisionWithin(
          manager,
          {
            issuer,
            subject: pupil.subject,
            connectorId: loaded.id,
            givenName: pupil.givenName,
            familyName: pupil.familyName,
            ...(pupil.externalRef ? { directoryKeys: [{ kind: 'pupil' as const, key: pupil.externalRef }] } : {}),
            schools: [{ school: { schoolId }, roles: ['pupil'] }],
            classes: [{ school: { schoolId }, externalRef, name: klass.name, as: 'pupil' }],
            children: [],
          },
          now,
          { connectorSchools: loaded.schools },
        );
        if (result.created) created += 1;
      }
      return created;
    });
  let created: number;
  try {
    created = await enrolAll();
  } catch (error) {
    // A pupil signing in for the first time meanwhile: the second run finds their rows.
    if (!isUniqueViolation(error)) throw error;
    created = await enrolAll();
  }
  context.logger.info({ connector: loaded.id, classId, listed: pupils.length, created }, 'class read from the ENT directory');
  return { listed: pupils.length, created };
}
