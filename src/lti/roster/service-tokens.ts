import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Clock } from '../../clock.js';
import type { RunMode } from '../../config/schema.js';
import type { LtiPlatform } from '../../model/lti-platform.js';
import { fetchPlatformJson } from '../fetch-json.js';
import { SIGNING_ALGORITHM, type ToolKeys } from '../keys/tool-keys.js';

/** A token is renewed this long before the platform says it expires. */
const RENEW_MARGIN_MS = 60_000;
const ASSERTION_LIFETIME_SECONDS = 300;

/**
 * OAuth 2 client-credentials tokens for a platform's services, obtained with a client assertion
 * signed by the tool's key (`private_key_jwt`), and cached per platform and scope until they
 * expire.
 *
 * @see https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant
 */
export class ServiceTokens {
  private readonly cache = new Map<string, { token: string; expiresAt: number }>();

  constructor(
    private readonly toolKeys: ToolKeys,
    private readonly clock: Clock,
    private readonly mode: RunMode,
  ) {}

  /** A bearer token for `scope` at this platform; throws when the platform refuses (or `signal` aborts). */
  async accessToken(platform: LtiPlatform, scope: string, signal?: AbortSignal): Promise<string> {
    const key = `${platform.id} ${scope}`;
    const now = this.clock.now().getTime();
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt - RENEW_MARGIN_MS > now) return cached.token;

    const response = await fetchPlatformJson(platform.authTokenUrl, this.mode, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await this.clientAssertion(platform, now),
        scope,
      }).toString(),
    }, signal ? { signal } : {});
    const body = response.body as { access_token?: unknown; expires_in?: unknown } | null;
    if (response.status !== 200 || typeof body?.access_token !== 'string') {
      throw new Error(`token endpoint answered ${response.status}`);
    }
    const lifetimeSeconds = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    this.cache.set(key, { token: body.access_token, expiresAt: now + lifetimeSeconds * 1000 });
    return body.access_token;
  }

  private async clientAssertion(platform: LtiPlatform, nowMs: number): Promise<string> {
    const { kid, privateKey } = await this.toolKeys.signingKey();
    const issuedAt = Math.floor(nowMs / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid, typ: 'JWT' })
      .setIssuer(platform.clientId)
      .setSubject(platform.clientId)
      .setAudience(platform.tokenAudience ?? platform.authTokenUrl)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ASSERTION_LIFETIME_SECONDS)
      .setJti(randomUUID())
      .sign(privateKey);
  }
}
