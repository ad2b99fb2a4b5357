import type { DataSource } from 'typeorm';
import { LtiDeployment } from '../../model/lti-deployment.js';
import { LtiPlatform } from '../../model/lti-platform.js';

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
  const query = dataSource.getRepository(LtiPlatform).createQueryBuilder('platform').where('platform.issuer = :issuer', { issuer });
  if (deploymentId !== undefined) {
    query.leftJoinAndMapOne('platform.namedDeployment', LtiDeployment, 'deployment', 'deployment.platformId = platform.id AND deployment.deploymentId = :deploymentId', {
      deploymentId,
    });
  }
  const candidates = ((await query.getMany()) as (LtiPlatform & { namedDeployment?: LtiDeployment | null })[]).filter(
    (platform) => platform.issuer === issuer && platform.disabledAt === null && (clientId === undefined || platform.clientId === clientId),
  );
  if (candidates.length !== 1) return undefined;
  const { namedDeployment, ...platform } = candidates[0]!;
  const deployment = namedDeployment && namedDeployment.deploymentId === deploymentId ? namedDeployment : undefined;
  return { platform: Object.assign(new LtiPlatform(), platform), deployment };
}
