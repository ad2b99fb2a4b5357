import { Router, type Request } from 'express';
import type { CasConnector } from '../../connectors/contract.js';
import type { ConnectorRegistry, LoadedConnector } from '../../connectors/registry.js';
import type { ModuleContext } from '../../context.js';
import { runInTransaction } from '../../db/transaction.js';
import { AppError } from '../../http/errors.js';
import { IdentityPendingRequest } from '../../model/identity-pending-request.js';
import { rememberSeen, wasSeen } from '../replay-guard.js';
import { safeReturnPath } from '../require-sign-in.js';
import { connectorFrom } from '../sign-in/connector-from.js';
import { finishSignIn } from '../sign-in/finish-sign-in.js';
import { findRequestOfThisBrowser, newRequestId, savePendingRequest } from '../sign-in/pending-requests.js';
import { receiveBackChannelLogout } from './back-channel-logout.js';
import { validateServiceTicket } from './cas-validation.js';

/** Service tickets are remembered this long: far beyond their few seconds of validity at the server. */
const TICKET_MEMORY_MS = 24 * 3_600_000;

/**
 * The service URL of one sign-in: the callback, with the reference of the request this browser
 * started (CAS has no state parameter; the reference binds the answer to the browser).
 */
function serviceUrl(baseUrl: string, connectorId: string, requestRef: string): string {
  return `${baseUrl}/auth/cas/${connectorId}/callback?r=${encodeURIComponent(requestRef)}`;
}

/**
 * CAS 3.0 client, one per CAS connector: `/auth/cas/:connector/{login,callback}`. The callback
 * also receives the server's back-channel single logout (`logoutRequest`), when the connector
 * opts in with the server's addresses.
 */
export function createCasRouter(context: ModuleContext, registry: ConnectorRegistry): Router {
  const router = Router();
  const connectorOf = (req: Request): LoadedConnector<CasConnector> => connectorFrom(req, (id) => registry.cas(id));

  router.get('/auth/cas/:connector/login', async (req, res) => {
    const loaded = connectorOf(req);
    const session = await context.sessions.ensure(req, res);
    const ref = newRequestId();
    await savePendingRequest(
      context.dataSource,
      { id: ref, connectorId: loaded.id, protocol: 'cas', browserBindingHash: session.tokenHash, returnPath: safeReturnPath(req.basePath, req.query.next) },
      context.clock.now(),
    );
    const login = new URL(`${loaded.connector.serverUrl}/login`);
    login.searchParams.set('service', serviceUrl(context.config.baseUrl, loaded.id, ref));
    res.set('Cache-Control', 'no-store').redirect(303, login.href);
  });

  router.get('/auth/cas/:connector/callback', async (req, res) => {
    const loaded = connectorOf(req);
    const now = context.clock.now();
    const pending = await findRequestOfThisBrowser(context.dataSource, req, 'r', loaded.id, 'cas', now);
    if (!pending) throw new AppError('CAS_REQUEST_UNKNOWN');
    const ticket = typeof req.query.ticket === 'string' ? req.query.ticket : '';
    if (!/^ST-[\w.-]{1,256}$/.test(ticket)) throw new AppError('CAS_TICKET_INVALID');
    const issuer = loaded.connector.serverUrl;
    if (await wasSeen(context.dataSource.manager, issuer, ticket)) throw new AppError('CAS_TICKET_REPLAYED');

    const facts = await validateServiceTicket(loaded.connector, serviceUrl(context.config.baseUrl, loaded.id, pending.id), ticket);
    const mapped = loaded.connector.toIdentity(facts, loaded.id);
    if (!mapped.ok) throw new AppError('AUTH_IDENTITY_INCOMPLETE');

    // The ticket is remembered and the request used up together, or not at all.
    await runInTransaction(context.dataSource, async (manager) => {
      const deleted = await manager.delete(IdentityPendingRequest, { id: pending.id });
      if ((deleted.affected ?? 0) !== 1) throw new AppError('CAS_REQUEST_UNKNOWN');
      if (await wasSeen(manager, issuer, ticket)) throw new AppError('CAS_TICKET_REPLAYED');
      await rememberSeen(manager, { issuer, messageId: ticket, kind: 'cas', seenAt: now, expiresAt: new Date(now.getTime() + TICKET_MEMORY_MS) });
    });
    await finishSignIn(context, req, res, loaded, 'cas', mapped.identity, { casTicket: ticket }, pending.returnPath);
  });

  // Back-channel single logout: the CAS server names the service ticket of the session to end.
  router.post('/auth/cas/:connector/callback', async (req, res) => {
    const loaded = connectorOf(req);
    const sessions = await receiveBackChannelLogout(context, loaded, req);
    context.logger.info({ connector: loaded.id, sessions }, 'signed out by the CAS server');
    res.status(204).end();
  });

  return router;
}

/** Where sign-out sends the browser to end the CAS single sign-on session too. */
export function casLogoutUrl(loaded: LoadedConnector<CasConnector>, signedOutUrl: string): string {
  const url = new URL(`${loaded.connector.serverUrl}/logout`);
  url.searchParams.set('service', signedOutUrl);
  return url.href;
}
