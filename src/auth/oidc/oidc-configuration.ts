import * as client from 'openid-client';
import type { OidcConnector } from '../../connectors/contract.js';
import type { LoadedConnector } from '../../connectors/registry.js';
import { AppError } from '../../http/errors.js';

/** Discovered provider metadata and the shared JWKS cache, per connector. */
interface ProviderState {
  metadata?: Promise<client.ServerMetadata>;
  jwks?: ReturnType<typeof client.getJwksCache>;
}

const providers = new WeakMap<OidcConnector, ProviderState>();

/** e-carnet's redirect URI at this provider. */
export function oidcRedirectUri(baseUrl: string, connectorId: string): string {
  return `${baseUrl}/auth/oidc/${connectorId}/callback`;
}

/**
 * The provider's metadata from OpenID discovery, fetched once per connector (again after a
 * failure). The issuer it states must be the configured one (openid-client checks it).
 *
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html §4.3
 */
async function discover(connector: OidcConnector): Promise<client.ServerMetadata> {
  const state = providers.get(connector) ?? {};
  providers.set(connector, state);
  state.metadata ??= client
    .discovery(new URL(connector.issuer), connector.clientId, undefined, undefined, {
      ...(connector.allowInsecureHttp ? { execute: [client.allowInsecureRequests] } : {}),
      timeout: 10,
    })
    .then((configuration) => configuration.serverMetadata());
  try {
    return await state.metadata;
  } catch (error) {
    state.metadata = undefined;
    throw new AppError('AUTH_PROVIDER_UNAVAILABLE', { cause: error });
  }
}

/**
 * An openid-client configuration for one request. Built from the cached metadata each time so
 * that openid-client judges token lifetimes by e-carnet's clock (`clockSkew`), and made to verify
 * ID token signatures against the provider's keys even on the back channel (non-repudiation).
 */
export async function oidcConfiguration(loaded: LoadedConnector<OidcConnector>, now: Date): Promise<client.Configuration> {
  const { connector } = loaded;
  const metadata = await discover(connector);
  const configuration = new client.Configuration(
    metadata,
    connector.clientId,
    {
      ...(connector.clientSecret ? { client_secret: connector.clientSecret } : {}),
      [client.clockSkew]: Math.round((now.getTime() - Date.now()) / 1000),
    },
    connector.clientSecret ? client.ClientSecretBasic(connector.clientSecret) : client.None(),
  );
  if (connector.allowInsecureHttp) client.allowInsecureRequests(configuration);
  client.enableNonRepudiationChecks(configuration);
  const state = providers.get(connector);
  if (state?.jwks) client.setJwksCache(configuration, state.jwks);
  return configuration;
}

/** Keeps the keys openid-client fetched, so the next request does not fetch them again. */
export function keepJwksCache(loaded: LoadedConnector<OidcConnector>, configuration: client.Configuration): void {
  const state = providers.get(loaded.connector);
  const jwks = client.getJwksCache(configuration);
  if (state && jwks) state.jwks = jwks;
}

/** S256 unless the connector allows `plain` and the provider advertises no S256. */
export function pkceMethod(loaded: LoadedConnector<OidcConnector>, metadata: client.ServerMetadata): 'S256' | 'plain' {
  const methods = metadata.code_challenge_methods_supported;
  if (loaded.connector.allowInsecurePkcePlain && Array.isArray(methods) && !methods.includes('S256') && methods.includes('plain')) return 'plain';
  return 'S256';
}
