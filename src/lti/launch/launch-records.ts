import { decodeJwt } from 'jose';
import type { DataSource } from 'typeorm';
import { AppError } from '../../http/errors.js';
import { LtiDeployment } from '../../model/lti-deployment.js';
import { LtiLogin } from '../../model/lti-login.js';
import { LtiPlatform } from '../../model/lti-platform.js';
import { LTI_CLAIM } from '../claims.js';
import { sha256Hex } from '../secrets.js';

/**
 * The deployment an id_token names, read before the token is checked. Nothing of it is acted on
 * until the checked token names the same `deploymentId` (`validateLaunch` reads it again otherwise).
 */
export interface PrefetchedDeployment {
  readonly deploymentId: string;
  /** Undefined when the registration has no such deployment. */
  readonly deployment: LtiDeployment | undefined;
}

/** What a launch's `state` leads to. */
export interface LaunchRecords {
  readonly login: LtiLogin;
  /** The login's registration, on. */
  readonly platform: LtiPlatform;
  /** Undefined when the token named no deployment that could be read before its check. */
  readonly prefetched: PrefetchedDeployment | undefined;
}

/**
 * The login a launch's `state` names, its registration and the deployment its id_token claims to
 * come through, in one statement (a launch's reads are on the hot path of every lesson start).
 * LTI_STATE_MISMATCH when we never issued the state, LTI_LAUNCH_EXPIRED when it is too old,
 * LTI_PLATFORM_UNKNOWN once the registration was disconnected or removed from ECARNET_CONFIG,
 * even in the middle of a launch.
 */
export async function findLaunchRecords(dataSource: DataSource, state: string, idToken: string | undefined, now: Date): Promise<LaunchRecords> {
  const claimed = claimedDeploymentId(idToken);
  const query = dataSource
    .getRepository(LtiLogin)
    .createQueryBuilder('login')
    .leftJoinAndMapOne('login.platform', LtiPlatform, 'platform', 'platform.id = login.platformId')
    .where('login.stateHash = :stateHash', { stateHash: sha256Hex(state) });
  if (claimed !== undefined) {
    query.leftJoinAndMapOne('login.deployment', LtiDeployment, 'deployment', 'deployment.platformId = login.platformId AND deployment.deploymentId = :deploymentId', {
      deploymentId: claimed,
    });
  }
  const row = (await query.getOne()) as (LtiLogin & { platform?: LtiPlatform | null; deployment?: LtiDeployment | null }) | null;
  if (!row) throw new AppError('LTI_STATE_MISMATCH');
  const { platform, deployment, ...loginColumns } = row;
  if (row.expiresAt.getTime() <= now.getTime()) throw new AppError('LTI_LAUNCH_EXPIRED');
  if (!platform || platform.disabledAt !== null) throw new AppError('LTI_PLATFORM_UNKNOWN');
  return {
    login: Object.assign(new LtiLogin(), loginColumns),
    platform,
    prefetched:
      claimed === undefined ? undefined : { deploymentId: claimed, deployment: deployment && deployment.deploymentId === claimed ? deployment : undefined },
  };
}

/** The `deployment_id` claim of a token not yet checked, when it reads as one. */
function claimedDeploymentId(idToken: string | undefined): string | undefined {
  if (!idToken) return undefined;
  try {
    const value = decodeJwt(idToken)[LTI_CLAIM.deploymentId];
    return typeof value === 'string' && value !== '' && value.length <= 191 ? value : undefined;
  } catch {
    return undefined;
  }
}
