import type { Request } from 'express';
import { connectorRegistryFor } from '../connectors/registry.js';
import type { ModuleContext } from '../context.js';
import { IdentitySessionLink } from '../model/identity-session-link.js';
import { casLogoutUrl } from './cas/cas-router.js';
import { oidcLogoutUrl } from './oidc/oidc-router.js';
import { samlLogoutUrl } from './saml/saml-logout.js';

/**
 * Where to send the browser after e-carnet's session has ended, so that the identity provider's
 * session ends too where the protocol allows (SAML single logout, OIDC RP-initiated logout, CAS
 * logout). Read before the session is ended: its link to the provider goes with it.
 */
export async function providerLogoutUrl(context: ModuleContext, req: Request): Promise<string | undefined> {
  const tokenHash = req.ecarnetSession?.tokenHash;
  if (!tokenHash) return undefined;
  const link = await context.dataSource.getRepository(IdentitySessionLink).findOneBy({ sessionTokenHash: tokenHash });
  if (!link) return undefined;
  const registry = connectorRegistryFor(context.config);
  const signedOutUrl = `${context.config.baseUrl}/sign-in?signedOut=1`;
  try {
    if (link.protocol === 'saml') {
      const loaded = registry.saml(link.connectorId);
      return loaded ? await samlLogoutUrl(context, loaded, link) : undefined;
    }
    if (link.protocol === 'oidc') {
      const loaded = registry.oidc(link.connectorId);
      return loaded ? await oidcLogoutUrl(context, loaded, link.idToken, signedOutUrl) : undefined;
    }
    const loaded = registry.cas(link.connectorId);
    return loaded ? casLogoutUrl(loaded, signedOutUrl) : undefined;
  } catch (error) {
    // Signing out of e-carnet must never fail because the provider cannot be told.
    context.logger.warn({ err: error, connector: link.connectorId }, 'identity provider logout unavailable');
    return undefined;
  }
}
