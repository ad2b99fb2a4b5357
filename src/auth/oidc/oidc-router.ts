import { Router, type Request } from 'express';
import * as client from 'openid-client';
import type { OidcConnector } from '../../connectors/contract.js';
import type { ConnectorRegistry, LoadedConnector } from '../../connectors/registry.js';
import type { ModuleContext } from '../../context.js';
import { AppError } from '../../http/errors.js';
import { safeReturnPath } from '../require-sign-in.js';
import { connectorFrom } from '../sign-in/connector-from.js';
import { finishSignIn } from '../sign-in/finish-sign-in.js';
import { consumePendingRequest, findRequestOfThisBrowser, savePendingRequest } from '../sign-in/pending-requests.js';
import { keepJwksCache, oidcConfiguration, oidcRedirectUri, pkceMethod } from './oidc-configuration.js';
import { oidcCallbackError } from './oidc-errors.js';
import { fetchUserinfo } from './oidc-userinfo.js';

/**
 * OpenID Connect relying party, one per OIDC connector: `/auth/oidc/:connector/{login,callback}`.
 * Authorisation code flow with PKCE (S256), state bound to the browser's session and nonce, all
 * kept in the database so the callback may reach any instance.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html §3.1 (Authorization Code Flow)
 * @see https://www.rfc-editor.org/rfc/rfc7636 (PKCE)
 */
export function createOidcRouter(context: ModuleContext, registry: ConnectorRegistry): Router {
  const router = Router();
  const connectorOf = (req: Request): LoadedConnector<OidcConnector> => connectorFrom(req, (id) => registry.oidc(id));

  router.get('/auth/oidc/:connector/login', async (req, res) => {
    const loaded = connectorOf(req);
    const now = context.clock.now();
    const configuration = await oidcConfiguration(loaded, now);
    const method = pkceMethod(loaded, configuration.serverMetadata());
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const session = await context.sessions.ensure(req, res);
    await savePendingRequest(
      context.dataSource,
      {
        id: state,
        connectorId: loaded.id,
        protocol: 'oidc',
        browserBindingHash: session.tokenHash,
        nonce,
        codeVerifier,
        returnPath: safeReturnPath(req.basePath, req.query.next),
      },
      now,
    );
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: oidcRedirectUri(context.config.baseUrl, loaded.id),
      scope: loaded.connector.scopes.join(' '),
      response_type: 'code',
      code_challenge: method === 'S256' ? await client.calculatePKCECodeChallenge(codeVerifier) : codeVerifier,
      code_challenge_method: method,
      state,
      nonce,
    });
    res.set('Cache-Control', 'no-store').redirect(303, url.href);
  });

  router.get('/auth/oidc/:connector/callback', async (req, res) => {
    const loaded = connectorOf(req);
    const now = context.clock.now();
    const pending = await findRequestOfThisBrowser(context.dataSource, req, 'state', loaded.id, 'oidc', now);
    if (!pending) throw new AppError('OIDC_STATE_MISMATCH');

    const configuration = await oidcConfiguration(loaded, now);
    const currentUrl = new URL(oidcRedirectUri(context.config.baseUrl, loaded.id));
    for (const [key, value] of Object.entries(req.query)) if (typeof value === 'string') currentUrl.searchParams.set(key, value);
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier ?? '',
        expectedState: pending.id,
        expectedNonce: pending.nonce ?? '',
        idTokenExpected: true,
      });
    } catch (error) {
      throw oidcCallbackError(error);
    }
    keepJwksCache(loaded, configuration);
    const idTokenClaims = tokens.claims();
    if (!idTokenClaims) throw new AppError('OIDC_ID_TOKEN_INVALID');
    const userinfo = await fetchUserinfo(loaded, configuration, tokens.access_token, idTokenClaims.sub);

    const issuer = configuration.serverMetadata().issuer;
    const mapped = loaded.connector.toIdentity({ ...userinfo, ...idTokenClaims }, issuer, loaded.id);
    if (!mapped.ok) {
      context.logger.warn({ connector: loaded.id, missing: mapped.missing }, 'identity provider left out required claims');
      throw new AppError('AUTH_IDENTITY_INCOMPLETE');
    }
    if (!(await consumePendingRequest(context.dataSource, pending.id))) throw new AppError('OIDC_STATE_MISMATCH');
    await finishSignIn(context, req, res, loaded, 'oidc', mapped.identity, tokens.id_token ? { idToken: tokens.id_token } : {}, pending.returnPath);
  });

  return router;
}

/** Where sign-out sends the browser to end the provider's session too (RP-initiated logout), if it offers it. */
export async function oidcLogoutUrl(
  context: ModuleContext,
  loaded: LoadedConnector<OidcConnector>,
  idToken: string | null,
  signedOutUrl: string,
): Promise<string | undefined> {
  try {
    const configuration = await oidcConfiguration(loaded, context.clock.now());
    if (!configuration.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(configuration, {
      post_logout_redirect_uri: signedOutUrl,
      ...(idToken ? { id_token_hint: idToken } : {}),
    }).href;
  } catch {
    return undefined; // the local session is ended anyway; the provider is unreachable
  }
}
