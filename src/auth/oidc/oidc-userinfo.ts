import * as client from 'openid-client';
import type { OidcClaims, OidcConnector } from '../../connectors/contract.js';
import type { LoadedConnector } from '../../connectors/registry.js';
import { AppError } from '../../http/errors.js';

/**
 * The userinfo claims for the ID token's subject. A connector may ask a version through the
 * Accept header (Edifice: 2.x keeps classes and children); the response's `sub` must be the ID
 * token's, or the answer could be another person's.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html §5.3.2
 */
export async function fetchUserinfo(
  loaded: LoadedConnector<OidcConnector>,
  configuration: client.Configuration,
  accessToken: string,
  subject: string,
): Promise<OidcClaims> {
  const endpoint = configuration.serverMetadata().userinfo_endpoint;
  if (!endpoint) return {};
  const accept = loaded.connector.userinfoAccept;
  let claims: Record<string, unknown>;
  try {
    if (accept) {
      const response = await client.fetchProtectedResource(configuration, accessToken, new URL(endpoint), 'GET', undefined, new Headers({ accept }));
      if (!response.ok) throw new AppError('AUTH_PROVIDER_UNAVAILABLE');
      claims = (await response.json()) as Record<string, unknown>;
    } else {
      claims = await client.fetchUserInfo(configuration, accessToken, subject);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as { code?: string }).code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED') throw new AppError('OIDC_USERINFO_SUBJECT_MISMATCH', { cause: error });
    throw new AppError('AUTH_PROVIDER_UNAVAILABLE', { cause: error });
  }
  const userinfoSubject = typeof claims.sub === 'string' ? claims.sub : undefined;
  if (userinfoSubject !== subject) throw new AppError('OIDC_USERINFO_SUBJECT_MISMATCH');
  return claims;
}
