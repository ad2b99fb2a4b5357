import type { Config } from '../config/schema.js';
import { connectorRegistryFor } from '../connectors/registry.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * The `identity` section of the served manifest.json: for each sign-in connector, what the ENT or
 * identity provider must be told (SAML metadata, ACS and logout URLs; OIDC redirect and
 * post-logout URIs; CAS service URL), with this deployment's absolute URLs.
 */
export function identityManifestSection(config: Config, fromFile: unknown): unknown {
  const base = fromFile && typeof fromFile === 'object' && !Array.isArray(fromFile) ? (fromFile as Record<string, Json>) : {};
  const connectors = connectorRegistryFor(config)
    .signInConnectors()
    .map((loaded): Json => {
      const root = `${config.baseUrl}/auth/${loaded.connector.protocol}/${loaded.id}`;
      const common = { id: loaded.id, name: loaded.displayName, protocol: loaded.connector.protocol, login: `${root}/login`, schools: [...loaded.schools] };
      switch (loaded.connector.protocol) {
        case 'saml':
          return {
            ...common,
            metadata: `${root}/metadata`,
            entityId: `${root}/metadata`,
            assertionConsumerService: `${root}/acs`,
            singleLogoutService: `${root}/logout`,
            requestedAttributes: loaded.connector.requestedAttributes.map((attribute) => attribute.friendlyName),
          };
        case 'oidc':
          return { ...common, issuer: loaded.connector.issuer, redirectUri: `${root}/callback`, postLogoutRedirectUri: `${config.baseUrl}/sign-in?signedOut=1` };
        default:
          return { ...common, serviceUrl: `${root}/callback` };
      }
    });
  return { ...base, signIn: `${config.baseUrl}/sign-in`, connectors };
}
