import { SAML, ValidateInResponseTo, type CacheProvider } from '@node-saml/node-saml';
import type { SamlConnector } from '../../connectors/contract.js';
import type { LoadedConnector } from '../../connectors/registry.js';

/** The service provider's own URLs for one connector. */
interface SamlEndpoints {
  readonly entityId: string;
  readonly acsUrl: string;
  readonly logoutUrl: string;
}

/** e-carnet's URLs as the SP of this connector: entity id = metadata URL, ACS, single logout. */
export function samlEndpoints(baseUrl: string, connectorId: string): SamlEndpoints {
  const root = `${baseUrl}/auth/saml/${connectorId}`;
  return { entityId: `${root}/metadata`, acsUrl: `${root}/acs`, logoutUrl: `${root}/logout` };
}

/**
 * node-saml keeps request ids in its cache provider when asked to; e-carnet keeps them in the
 * database instead (several instances), so this one stores nothing (and starts no timer).
 */
const noCache: CacheProvider = {
  saveAsync: async (_key, value) => ({ value, createdAt: Date.now() }),
  getAsync: async () => null,
  removeAsync: async () => null,
};

/**
 * A node-saml instance for one connector. node-saml verifies signatures (rejecting wrapped or
 * multiple assertions), decrypts, and signs requests; the checks that depend on time and state
 * (validity window, InResponseTo, replay, audience, recipient, destination, issuer) are
 * e-carnet's own, against its clock and database, with stable error codes.
 *
 * @param requestId the ID of the AuthnRequest or LogoutRequest about to be built, if any.
 * @see https://docs.oasis-open.org/security/saml/v2.0/saml-profiles-2.0-os.pdf §4.1.4 (Web Browser SSO)
 */
export function samlClient(loaded: LoadedConnector<SamlConnector>, baseUrl: string, requestId?: string): SAML {
  const { idp, keys, requireSignedResponse } = loaded.connector;
  const endpoints = samlEndpoints(baseUrl, loaded.id);
  return new SAML({
    issuer: endpoints.entityId,
    callbackUrl: endpoints.acsUrl,
    logoutCallbackUrl: endpoints.logoutUrl,
    entryPoint: idp.ssoUrl,
    logoutUrl: idp.sloUrl ?? idp.ssoUrl,
    idpIssuer: idp.entityId,
    idpCert: [...idp.certificates],
    privateKey: keys.signingKey,
    publicCert: keys.signingCertificate,
    ...(keys.decryptionKey ? { decryptionPvk: keys.decryptionKey } : {}),
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: requireSignedResponse,
    audience: false,
    acceptedClockSkewMs: -1,
    validateInResponseTo: ValidateInResponseTo.never,
    cacheProvider: noCache,
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    ...(requestId ? { generateUniqueId: () => requestId } : {}),
  });
}

/** The SP metadata the IdP is registered with: signing and encryption certificates, ACS, SLO. */
export function serviceProviderMetadata(loaded: LoadedConnector<SamlConnector>, baseUrl: string): string {
  const { keys } = loaded.connector;
  return samlClient(loaded, baseUrl).generateServiceProviderMetadata(keys.decryptionCertificate ?? null, keys.signingCertificate);
}
