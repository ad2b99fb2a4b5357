import type { DataSource } from 'typeorm';
import type { RunMode } from '../../config/schema.js';
import { AppError } from '../../http/errors.js';
import type { LtiDeployment } from '../../model/lti-deployment.js';
import type { LtiLogin } from '../../model/lti-login.js';
import type { LtiPlatform } from '../../model/lti-platform.js';
import type { PlatformKeySets } from '../platforms/platform-key-sets.js';
import { findDeployment } from '../platforms/registry.js';
import type { PrefetchedDeployment } from './launch-records.js';
import { readLaunchMessage, type LaunchMessage } from './launch-message.js';
import { checkNonce } from './login-record.js';
import { verifyIdToken } from './verify-id-token.js';

/** A launch that passed every check, not yet acted upon. */
interface ValidLaunch {
  readonly platform: LtiPlatform;
  readonly deployment: LtiDeployment;
  readonly message: LaunchMessage;
}

/**
 * Every check of a launch whose browser is bound to its login, writing nothing: the id_token
 * (signature, issuer, audience, times), its LTI claims, the deployment (known, on, and the one the
 * login named), the nonce (this login's, unused). `platform` is the login's registration, found on
 * (see `findLaunchRecords`); `prefetched`, the deployment read with it, used only when the checked
 * token names that very one.
 */
export async function validateLaunch(
  dataSource: DataSource,
  keySets: PlatformKeySets,
  platform: LtiPlatform,
  login: LtiLogin,
  idToken: string,
  now: Date,
  mode: RunMode,
  prefetched?: PrefetchedDeployment,
): Promise<ValidLaunch> {
  const payload = await verifyIdToken(idToken, platform, keySets, now);
  const message = readLaunchMessage(payload, login.targetLinkUri, mode);
  const namedAtLogin = (JSON.parse(login.loginParamsJson) as { lti_deployment_id?: string }).lti_deployment_id;
  if (namedAtLogin !== undefined && namedAtLogin !== message.deploymentId) throw new AppError('LTI_DEPLOYMENT_UNKNOWN');
  const deployment =
    prefetched?.deploymentId === message.deploymentId ? prefetched.deployment : await findDeployment(dataSource, platform.id, message.deploymentId);
  if (!deployment) throw new AppError('LTI_DEPLOYMENT_UNKNOWN');
  if (deployment.disabledAt !== null) throw new AppError('LTI_PLATFORM_UNKNOWN');
  await checkNonce(dataSource, login, payload.nonce);
  return { platform, deployment, message };
}
