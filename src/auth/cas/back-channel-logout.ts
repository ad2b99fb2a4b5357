import { BlockList, isIP } from 'node:net';
import type { Request } from 'express';
import type { CasConnector } from '../../connectors/contract.js';
import type { LoadedConnector } from '../../connectors/registry.js';
import type { ModuleContext } from '../../context.js';
import { AppError } from '../../http/errors.js';
import { HttpSession } from '../../model/http-session.js';
import { IdentitySessionLink } from '../../model/identity-session-link.js';
import { rememberSeen } from '../replay-guard.js';
import { attribute, child, parseXml, textOf } from '../xml/read-xml.js';

/** A logout request is accepted this long around its IssueInstant (CAS servers send it at once). */
const FRESHNESS_MS = 5 * 60_000;

const allowLists = new WeakMap<CasConnector, BlockList>();

/** The CAS server's addresses, as a list Node matches addresses against. */
function allowListOf(connector: CasConnector): BlockList {
  let list = allowLists.get(connector);
  if (!list) {
    list = new BlockList();
    for (const entry of connector.backChannelLogoutFrom) {
      const [address = '', bits] = entry.split('/');
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) list.addAddress(address, family);
      else list.addSubnet(address, Number(bits), family);
    }
    allowLists.set(connector, list);
  }
  return list;
}

/** Whether the request comes from the CAS server (its address as `trust proxy` makes it). */
function fromCasServer(connector: CasConnector, address: string | undefined): boolean {
  if (!address || connector.backChannelLogoutFrom.length === 0) return false;
  // An IPv4 client seen on a dual-stack socket: ::ffff:192.0.2.10.
  const plain = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;
  const family = isIP(plain);
  return family !== 0 && allowListOf(connector).check(plain, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The CAS server's back-channel single logout (`logoutRequest` posted to the service URL): ends
 * the sessions opened with the service ticket it names. CAS does not sign these requests, so they
 * are accepted only when the connector lists the server's addresses (`backChannelLogoutFrom`) and
 * the request comes from one of them; each must carry its ID and a recent IssueInstant, and is
 * accepted once.
 *
 * @see https://apereo.github.io/cas/7.0.x/installation/Logout-Single-Signout.html (back-channel)
 */
export async function receiveBackChannelLogout(context: ModuleContext, loaded: LoadedConnector<CasConnector>, req: Request): Promise<number> {
  if (!fromCasServer(loaded.connector, req.ip)) throw new AppError('CAS_LOGOUT_REFUSED');
  const message = req.body && typeof req.body === 'object' && typeof req.body.logoutRequest === 'string' ? req.body.logoutRequest : '';
  if (message === '' || /<!DOCTYPE/i.test(message)) throw new AppError('CAS_LOGOUT_INVALID');
  const request = child(parseXml(message), 'LogoutRequest');
  const id = attribute(request, 'ID');
  const issuedAt = Date.parse(attribute(request, 'IssueInstant') ?? '');
  const ticket = textOf(child(request, 'SessionIndex'))?.trim();
  const now = context.clock.now().getTime();
  if (!id || !ticket || Number.isNaN(issuedAt) || Math.abs(now - issuedAt) > FRESHNESS_MS) throw new AppError('CAS_LOGOUT_INVALID');
  const logout = { issuer: loaded.connector.serverUrl, messageId: `logout:${id}`, kind: 'cas-slo', seenAt: new Date(now), expiresAt: new Date(issuedAt + FRESHNESS_MS) };
  await rememberSeen(context.dataSource.manager, logout, 'CAS_LOGOUT_INVALID');
  const links = await context.dataSource.getRepository(IdentitySessionLink).findBy({ connectorId: loaded.id, casTicket: ticket.slice(0, 191) });
  for (const link of links) await context.dataSource.getRepository(HttpSession).delete({ tokenHash: link.sessionTokenHash });
  return links.length;
}
