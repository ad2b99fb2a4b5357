import { inflateRawSync } from 'node:zlib';
import type { Request, Response } from 'express';
import type { SamlConnector } from '../../connectors/contract.js';
import type { LoadedConnector } from '../../connectors/registry.js';
import type { ModuleContext } from '../../context.js';
import { runInTransaction } from '../../db/transaction.js';
import { AppError } from '../../http/errors.js';
import { HttpSession } from '../../model/http-session.js';
import { IdentityPendingRequest } from '../../model/identity-pending-request.js';
import { IdentitySessionLink } from '../../model/identity-session-link.js';
import { newRequestId, savePendingRequest } from '../sign-in/pending-requests.js';
import { rememberSeen } from '../replay-guard.js';
import { attribute, child, parseXml, type XmlNode } from '../xml/read-xml.js';
import { samlClient } from './saml-client.js';

/** A LogoutRequest without NotOnOrAfter is accepted this long after its IssueInstant. */
const LOGOUT_REQUEST_MAX_AGE_MS = 5 * 60_000;

/** The query string exactly as sent: redirect-binding signatures cover the encoded parameters. */
function originalQuery(req: Request): string {
  const index = req.originalUrl.indexOf('?');
  return index >= 0 ? req.originalUrl.slice(index + 1) : '';
}

function stringParameters(source: unknown): Record<string, string> {
  const parameters: Record<string, string> = {};
  if (source && typeof source === 'object') {
    for (const [key, value] of Object.entries(source)) if (typeof value === 'string') parameters[key] = value;
  }
  return parameters;
}

/** The root element of a logout message (deflated on the redirect binding); a DTD is never accepted. */
function messageRoot(encoded: string, deflated: boolean, name: 'LogoutRequest' | 'LogoutResponse'): XmlNode | undefined {
  let xml: string;
  try {
    const bytes = Buffer.from(encoded, 'base64');
    xml = (deflated ? inflateRawSync(bytes) : bytes).toString('utf8');
  } catch {
    return undefined;
  }
  if (/<!DOCTYPE/i.test(xml)) return undefined;
  return child(parseXml(xml), name);
}

function instant(value: string | undefined): number | undefined {
  const time = value === undefined ? Number.NaN : Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/**
 * The answer to a LogoutRequest e-carnet sent (SP-initiated single logout): it must be signed and
 * answer a request this deployment sent and has not seen answered; it lands on the signed-out page.
 */
async function receiveLogoutResponse(context: ModuleContext, loaded: LoadedConnector<SamlConnector>, req: Request, res: Response, query: Record<string, string>): Promise<void> {
  // node-saml checks a redirect signature only when there is one: without it, anyone could answer.
  if (!query.Signature || !query.SAMLResponse) throw new AppError('SAML_LOGOUT_INVALID');
  try {
    await samlClient(loaded, context.config.baseUrl).validateRedirectAsync(query, originalQuery(req));
  } catch (error) {
    throw new AppError('SAML_LOGOUT_INVALID', { cause: error });
  }
  const inResponseTo = attribute(messageRoot(query.SAMLResponse, true, 'LogoutResponse'), 'InResponseTo');
  if (!inResponseTo || inResponseTo.length > 64) throw new AppError('SAML_LOGOUT_INVALID');
  const now = context.clock.now();
  await runInTransaction(context.dataSource, async (manager) => {
    const sent = await manager.findOneBy(IdentityPendingRequest, { id: inResponseTo, connectorId: loaded.id, protocol: 'saml-slo' });
    if (!sent || sent.expiresAt.getTime() <= now.getTime()) throw new AppError('SAML_LOGOUT_INVALID');
    await manager.delete(IdentityPendingRequest, { id: sent.id });
  });
  res.redirect(303, `${req.basePath}/sign-in?signedOut=1`);
}

/**
 * Remembers a LogoutRequest's ID until it could no longer be accepted, refusing one already seen
 * or no longer fresh (NotOnOrAfter passed, or issued more than a few minutes ago), by e-carnet's clock.
 */
async function acceptOnce(context: ModuleContext, loaded: LoadedConnector<SamlConnector>, request: XmlNode | undefined): Promise<void> {
  const now = context.clock.now().getTime();
  const skewMs = loaded.connector.clockSkewSeconds * 1000;
  const id = attribute(request, 'ID');
  const issuedAt = instant(attribute(request, 'IssueInstant'));
  const notOnOrAfter = instant(attribute(request, 'NotOnOrAfter'));
  const freshUntil = notOnOrAfter ?? (issuedAt === undefined ? undefined : issuedAt + LOGOUT_REQUEST_MAX_AGE_MS);
  if (!id || freshUntil === undefined || now - skewMs >= freshUntil || (issuedAt !== undefined && issuedAt > now + skewMs)) {
    throw new AppError('SAML_LOGOUT_INVALID');
  }
  const logout = { issuer: loaded.connector.idp.entityId, messageId: `logout:${id}`, kind: 'saml-slo', seenAt: new Date(now), expiresAt: new Date(freshUntil + skewMs) };
  await rememberSeen(context.dataSource.manager, logout, 'SAML_LOGOUT_INVALID');
}

/**
 * `/auth/saml/:connector/logout`: the end of single logout. A LogoutResponse (the IdP answering our
 * LogoutRequest) lands on the signed-out page; a LogoutRequest from the IdP (the person signed out
 * elsewhere) must be signed (redirect or POST binding), fresh and never seen before; it ends every
 * e-carnet session of that NameID and SessionIndex, and is answered with a signed LogoutResponse.
 *
 * @see https://docs.oasis-open.org/security/saml/v2.0/saml-profiles-2.0-os.pdf §4.4 (Single Logout)
 */
export async function handleSamlLogout(context: ModuleContext, loaded: LoadedConnector<SamlConnector>, req: Request, res: Response): Promise<void> {
  const query = stringParameters(req.query);
  const form = stringParameters(req.body);
  if (query.SAMLResponse !== undefined) {
    await receiveLogoutResponse(context, loaded, req, res, query);
    return;
  }

  const isRedirect = query.SAMLRequest !== undefined;
  const encoded = isRedirect ? query.SAMLRequest : form.SAMLRequest;
  if (!encoded) throw new AppError('SAML_LOGOUT_INVALID');
  // An unsigned logout request could sign anyone out: the redirect binding must carry a signature
  // (node-saml checks one only when present; on the POST binding it requires one).
  if (isRedirect && !query.Signature) throw new AppError('SAML_LOGOUT_INVALID');
  const client = samlClient(loaded, context.config.baseUrl);
  let profile;
  try {
    ({ profile } = isRedirect ? await client.validateRedirectAsync(query, originalQuery(req)) : await client.validatePostRequestAsync(form));
  } catch (error) {
    throw new AppError('SAML_LOGOUT_INVALID', { cause: error });
  }
  if (!profile?.nameID) throw new AppError('SAML_LOGOUT_INVALID');
  await acceptOnce(context, loaded, messageRoot(encoded, isRedirect, 'LogoutRequest'));

  const links = await context.dataSource.getRepository(IdentitySessionLink).findBy({ connectorId: loaded.id, nameId: profile.nameID });
  const ended = links.filter((link) => !profile.sessionIndex || link.sessionIndex === null || link.sessionIndex === profile.sessionIndex);
  for (const link of ended) await context.dataSource.getRepository(HttpSession).delete({ tokenHash: link.sessionTokenHash });
  context.logger.info({ connector: loaded.id, sessions: ended.length }, 'signed out by the identity provider');

  const relayState = isRedirect ? (query.RelayState ?? '') : (form.RelayState ?? '');
  res.redirect(303, await client.getLogoutResponseUrlAsync(profile, relayState, {}, true));
}

/**
 * Where sign-out sends the browser to end the IdP session too (SP-initiated single logout), or
 * undefined when the IdP offers no single logout. The LogoutRequest's ID is kept, so that only an
 * answer to it is accepted.
 */
export async function samlLogoutUrl(
  context: ModuleContext,
  loaded: LoadedConnector<SamlConnector>,
  link: IdentitySessionLink,
): Promise<string | undefined> {
  if (!loaded.connector.idp.sloUrl || !link.nameId) return undefined;
  const requestId = newRequestId();
  await savePendingRequest(
    context.dataSource,
    { id: requestId, connectorId: loaded.id, protocol: 'saml-slo', browserBindingHash: null, returnPath: '/sign-in?signedOut=1' },
    context.clock.now(),
  );
  return samlClient(loaded, context.config.baseUrl, requestId).getLogoutUrlAsync(
    {
      issuer: loaded.connector.idp.entityId,
      nameID: link.nameId,
      nameIDFormat: link.nameIdFormat ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
      ...(link.sessionIndex ? { sessionIndex: link.sessionIndex } : {}),
    },
    '',
    {},
  );
}
