import { Router, type Request, type Response } from 'express';
import type { SamlConnector } from '../../connectors/contract.js';
import type { ConnectorRegistry, LoadedConnector } from '../../connectors/registry.js';
import type { ModuleContext } from '../../context.js';
import { AppError } from '../../http/errors.js';
import { safeReturnPath } from '../require-sign-in.js';
import { connectorFrom } from '../sign-in/connector-from.js';
import { finishSignIn } from '../sign-in/finish-sign-in.js';
import { findPendingRequest, newRequestId, savePendingRequest } from '../sign-in/pending-requests.js';
import { assertionFacts } from './assertion-facts.js';
import { bindRequestToBrowser, clearRequestBinding, presentedBinding } from './browser-binding.js';
import { samlClient, serviceProviderMetadata } from './saml-client.js';
import { handleSamlLogout } from './saml-logout.js';
import { checkSamlResponse, claimSamlResponse, holdSamlResponse, type CheckedSamlResponse } from './saml-response.js';

/**
 * SAML 2.0 service provider, one per SAML connector: `/auth/saml/:connector/{login,acs,metadata,logout}`.
 * AuthnRequests are signed (HTTP-Redirect binding) and bound to the browser that sent them (see
 * `browser-binding.ts`); their IDs are kept in the database so the response may reach any instance.
 */
export function createSamlRouter(context: ModuleContext, registry: ConnectorRegistry): Router {
  const router = Router();
  const connectorOf = (req: Request): LoadedConnector<SamlConnector> => connectorFrom(req, (id) => registry.saml(id));
  const crossSite = context.config.session.crossSiteCookies;

  /** Maps a checked response, uses it up for this browser, and signs the person in. */
  async function signIn(req: Request, res: Response, loaded: LoadedConnector<SamlConnector>, checked: CheckedSamlResponse, binding: string | undefined): Promise<void> {
    const mapped = loaded.connector.toIdentity(assertionFacts(checked.assertion, checked.issuer), loaded.id);
    if (!mapped.ok) {
      context.logger.warn({ connector: loaded.id, missing: mapped.missing }, 'identity provider left out required attributes');
      throw new AppError('AUTH_IDENTITY_INCOMPLETE');
    }
    const returnPath = await claimSamlResponse(context.dataSource, loaded, checked, binding, context.clock.now());
    clearRequestBinding(req, res, checked.inResponseTo, loaded.id, crossSite);
    await finishSignIn(
      context,
      req,
      res,
      loaded,
      'saml',
      mapped.identity,
      {
        ...(checked.assertion.nameId ? { nameId: checked.assertion.nameId } : {}),
        nameIdFormat: checked.assertion.nameIdFormat,
        ...(checked.assertion.sessionIndex ? { sessionIndex: checked.assertion.sessionIndex } : {}),
      },
      returnPath,
    );
  }

  router.get('/auth/saml/:connector/metadata', (req, res) => {
    res.type('application/samlmetadata+xml').set('Cache-Control', 'public, max-age=3600').send(serviceProviderMetadata(connectorOf(req), context.config.baseUrl));
  });

  router.get('/auth/saml/:connector/login', async (req, res) => {
    const loaded = connectorOf(req);
    const requestId = newRequestId();
    const browserBindingHash = bindRequestToBrowser(req, res, requestId, loaded.id, crossSite);
    await savePendingRequest(
      context.dataSource,
      { id: requestId, connectorId: loaded.id, protocol: 'saml', browserBindingHash, returnPath: safeReturnPath(req.basePath, req.query.next) },
      context.clock.now(),
    );
    const url = await samlClient(loaded, context.config.baseUrl, requestId).getAuthorizeUrlAsync('', undefined, {});
    res.set('Cache-Control', 'no-store').redirect(303, url);
  });

  router.post('/auth/saml/:connector/acs', async (req, res) => {
    const loaded = connectorOf(req);
    const checked = await checkSamlResponse(loaded, context.config.baseUrl, req.body, context.clock.now());
    if (!loaded.connector.toIdentity(assertionFacts(checked.assertion, checked.issuer), loaded.id).ok) throw new AppError('AUTH_IDENTITY_INCOMPLETE');
    const binding = presentedBinding(req, checked.inResponseTo);
    if (binding === undefined && !crossSite) {
      // Plain http: the Lax binding cookie did not come with the IdP's cross-site POST. The browser
      // comes back same-site (a GET after this redirect carries it) to finish.
      await holdSamlResponse(context.dataSource, loaded, checked, context.clock.now());
      res.set('Cache-Control', 'no-store').redirect(303, `${req.basePath}/auth/saml/${loaded.id}/acs?request=${encodeURIComponent(checked.inResponseTo)}`);
      return;
    }
    await signIn(req, res, loaded, checked, binding);
  });

  // The same-site confirmation of a response held above: only the browser holding the request's cookie finishes it.
  router.get('/auth/saml/:connector/acs', async (req, res) => {
    const loaded = connectorOf(req);
    const requestId = typeof req.query.request === 'string' ? req.query.request : '';
    const pending = await findPendingRequest(context.dataSource, requestId, loaded.id, 'saml', context.clock.now());
    if (!pending?.pendingResponse) throw new AppError('SAML_IN_RESPONSE_TO_UNKNOWN');
    const binding = presentedBinding(req, pending.id);
    if (!binding) throw new AppError('SAML_REQUEST_NOT_THIS_BROWSER');
    const checked = await checkSamlResponse(loaded, context.config.baseUrl, { SAMLResponse: pending.pendingResponse }, context.clock.now());
    if (checked.inResponseTo !== pending.id) throw new AppError('SAML_IN_RESPONSE_TO_UNKNOWN');
    await signIn(req, res, loaded, checked, binding);
  });

  router.get('/auth/saml/:connector/logout', (req, res) => handleSamlLogout(context, connectorOf(req), req, res));
  router.post('/auth/saml/:connector/logout', (req, res) => handleSamlLogout(context, connectorOf(req), req, res));

  return router;
}
