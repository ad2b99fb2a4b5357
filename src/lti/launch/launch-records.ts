import { decodeJwt } from 'jose';
import type { DataSource } from 'typeorm';
import { AppError } from '../../http/errors.js';
import { LtiDeployment } from '../../model/lti-deployment.js';
import { LtiLogin } from '../../model/lti-login.js';
import { LtiPlatform } from '../../model/lti-platform.js';
import { LTI_CLAIM } from '../claims.js';
import { entityColumns } from '../entity-rows.js';
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
  const login = entityColumns(dataSource, LtiLogin, 'l');
  const platformColumns = entityColumns(dataSource, LtiPlatform, 'p');
  const deploymentColumns = entityColumns(dataSource, LtiDeployment, 'd');
  // Hand-written: this read is on every launch, and a query builder rebuilds its SQL each time.
  const rows = (await dataSource.query(
    `SELECT ${login.select}, ${platformColumns.select}, ${deploymentColumns.select}
       FROM lti_login l
       LEFT JOIN lti_platform p ON p.id = l.platformId
       LEFT JOIN lti_deployment d ON d.platformId = l.platformId AND d.deploymentId = ?
      WHERE l.stateHash = ?`,
    // No claimed deployment joins none (an empty id is never stored).
    [claimed ?? '', sha256Hex(state)],
  )) as Record<string, unknown>[];
  const row = rows[0];
  if (!row) throw new AppError('LTI_STATE_MISMATCH');
  const found = login.read(row)!;
  const platform = platformColumns.read(row);
  const deployment = deploymentColumns.read(row);
  if (found.expiresAt.getTime() <= now.getTime()) throw new AppError('LTI_LAUNCH_EXPIRED');
  if (!platform || platform.disabledAt !== null) throw new AppError('LTI_PLATFORM_UNKNOWN');
  return {
    login: found,
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
