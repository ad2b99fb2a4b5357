import type { DataSource } from 'typeorm';
import { AppError } from '../../http/errors.js';
import { newId } from '../../model/columns.js';
import { sqlInstant } from '../../db/sql-values.js';
import type { LtiPlatform } from '../../model/lti-platform.js';
import { findLoginRegistration, type LoginRegistration } from '../platforms/login-registration.js';
import { randomSecret, sha256Hex } from '../secrets.js';
import type { LoginRequest } from './login-request.js';
import { purgeExpiredLtiState } from './purge-one-time-state.js';
import { launchablePath } from './target-link.js';

/** How long a platform has to come back with the id_token after a login starts. */
export const LOGIN_LIFETIME_MS = 10 * 60_000;

/** A login started: where to send the browser, and what binds it to this browser. */
interface StartedLogin {
  readonly platform: LtiPlatform;
  readonly state: string;
  /** The platform's authorization endpoint with the OIDC request (`prompt=none`, form post). */
  readonly authorizationUrl: string;
  /** The secret put in the platform's postMessage storage, when it offered one. */
  readonly storageBinding: string | null;
}

/**
 * Step 1 of the LTI launch, writing nothing: who is calling (a registration still on, and, when the
 * login names one, a deployment not switched off) and where the launch would land. One statement.
 *
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-1-third-party-initiated-login
 */
export async function checkLoginRequest(dataSource: DataSource, baseUrl: string, request: LoginRequest): Promise<LoginRegistration> {
  const found = await findLoginRegistration(dataSource, request.iss, request.client_id, request.lti_deployment_id);
  if (!found) throw new AppError('LTI_PLATFORM_UNKNOWN');
  if (found.deployment?.disabledAt) throw new AppError('LTI_PLATFORM_UNKNOWN');
  if (launchablePath(baseUrl, request.target_link_uri) === undefined) throw new AppError('LTI_TARGET_LINK_NOT_ALLOWED');
  return found;
}

/**
 * Step 2: stores a fresh state and nonce for ten minutes and builds the authentication request.
 *
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-2-authentication-request
 */
export async function initiateLogin(dataSource: DataSource, baseUrl: string, platform: LtiPlatform, request: LoginRequest, now: Date): Promise<StartedLogin> {
  const state = randomSecret();
  const nonce = randomSecret();
  const storageBinding = request.lti_storage_target ? randomSecret() : null;
  const { lti_storage_target: storageTarget, ...relaunchParams } = request;
  await purgeExpiredLtiState(dataSource, now);
  // Hand-written: one per launch, and a query builder rebuilds its SQL each time.
  await dataSource.query(
    `INSERT INTO lti_login (id, stateHash, nonce, platformId, targetLinkUri, loginParamsJson, storageTarget, bindingHash, createdAt, expiresAt, usedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
    [
      newId(),
      sha256Hex(state),
      nonce,
      platform.id,
      request.target_link_uri,
      JSON.stringify(relaunchParams),
      storageTarget ?? null,
      storageBinding === null ? null : sha256Hex(storageBinding),
      sqlInstant(now),
      sqlInstant(new Date(now.getTime() + LOGIN_LIFETIME_MS)),
    ],
  );

  const authorization = new URL(platform.authLoginUrl);
  const query: Record<string, string | undefined> = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.clientId,
    redirect_uri: `${baseUrl}/lti/launch`,
    login_hint: request.login_hint,
    lti_message_hint: request.lti_message_hint,
    state,
    nonce,
  };
  for (const [name, value] of Object.entries(query)) if (value !== undefined) authorization.searchParams.set(name, value);
  return { platform, state, authorizationUrl: authorization.toString(), storageBinding };
}
