import type { DataSource } from 'typeorm';
import { LtiDeployment } from '../../model/lti-deployment.js';
import { LtiPlatform } from '../../model/lti-platform.js';
import { entityColumns } from '../entity-rows.js';

/** A registration found for a login, with the deployment the login named (when it named one that exists). */
export interface LoginRegistration {
  readonly platform: LtiPlatform;
  readonly deployment: LtiDeployment | undefined;
}

/**
 * Finds the registration a login names: by issuer and client id, or by issuer alone when the
 * platform sent no client id and registered only once; undefined when unknown, ambiguous or
 * switched off (a registration disconnected, or removed from ECARNET_CONFIG, is unknown). The
 * deployment the login names comes in the same statement: login initiation is on the hot path of
 * every launch. Identifiers are compared again in code (see `exactText`).
 */
export async function findLoginRegistration(
  dataSource: DataSource,
  issuer: string,
  clientId: string | undefined,
  deploymentId: string | undefined,
): Promise<LoginRegistration | undefined> {
  const platformColumns = entityColumns(dataSource, LtiPlatform, 'p');
  const deploymentColumns = entityColumns(dataSource, LtiDeployment, 'd');
  // Hand-written: this read is on every launch, and a query builder rebuilds its SQL each time.
  const rows = (await dataSource.query(
    `SELECT ${platformColumns.select}, ${deploymentColumns.select}
       FROM lti_platform p
       LEFT JOIN lti_deployment d ON d.platformId = p.id AND d.deploymentId = ?
      WHERE p.issuer = ?`,
    // No deployment named joins none (an empty id is never stored).
    [deploymentId ?? '', issuer],
  )) as Record<string, unknown>[];
  const candidates = rows
    .map((row) => ({ platform: platformColumns.read(row)!, namedDeployment: deploymentColumns.read(row) }))
    .filter(({ platform }) => platform.issuer === issuer && platform.disabledAt === null && (clientId === undefined || platform.clientId === clientId));
  if (candidates.length !== 1) return undefined;
  const { platform, namedDeployment } = candidates[0]!;
  const deployment = namedDeployment && namedDeployment.deploymentId === deploymentId ? namedDeployment : undefined;
  return { platform, deployment };
}
