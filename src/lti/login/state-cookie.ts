import type { Request, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import { cookieAttributes } from '../../auth/session-manager.js';
import { sameSecret, sha256Hex } from '../secrets.js';

const PREFIX = 'ecarnet_lti_state_';

/** One cookie per login, so two ENT tabs launching at once do not overwrite each other's state. */
function cookieName(state: string): string {
  return `${PREFIX}${sha256Hex(state).slice(0, 16)}`;
}

/**
 * The module's cookie policy (HTTP-only; over HTTPS `SameSite=None; Secure; Partitioned`, so the
 * cookie comes back with the platform's cross-site form post inside an ENT iframe, even where
 * third-party cookies are blocked; over plain HTTP `Lax`, which only works same-site), sent only
 * to `/lti` paths.
 */
function attributes(req: Request, crossSite: boolean) {
  return { ...cookieAttributes(req, crossSite), path: `${req.basePath}/lti` };
}

/** Binds a login's state to this browser. */
export function setStateCookie(req: Request, res: Response, state: string, crossSite: boolean, maxAgeMs: number): void {
  res.cookie(cookieName(state), state, { ...attributes(req, crossSite), maxAge: maxAgeMs });
}

/** True when this browser holds the cookie of this very state. */
export function hasStateCookie(req: Request, state: string): boolean {
  const sent = req.headers.cookie ? parseCookies(req.headers.cookie)[cookieName(state)] : undefined;
  return sent !== undefined && sameSecret(sent, state);
}

/** Forgets a used state. */
export function clearStateCookie(req: Request, res: Response, state: string, crossSite: boolean): void {
  res.clearCookie(cookieName(state), attributes(req, crossSite));
}
