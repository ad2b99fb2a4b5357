import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import { cookieAttributes } from '../session-manager.js';
import { PENDING_REQUEST_MINUTES } from '../sign-in/pending-requests.js';

/*
 * A SAML sign-in is bound to the browser that started it, as OIDC's state and CAS's request are:
 * `/login` gives the browser a random secret in a cookie of its own (one per AuthnRequest, so two
 * tabs do not overwrite each other) and keeps only its hash with the request; the ACS requires
 * it. A response obtained by someone else and posted from their page into this browser (login
 * CSRF) finds no cookie for its request there.
 *
 * Over HTTPS the cookie is SameSite=None (Secure), so it comes with the IdP's cross-site POST.
 * Over plain HTTP browsers refuse SameSite=None; the Lax cookie then comes back only with a
 * top-level GET, so the ACS keeps the checked response and sends the browser, by redirect, to a
 * same-site confirmation (`GET /acs?request=…`) where the cookie is required.
 */

const PREFIX = 'ecarnet_saml_';

/** SHA-256 (hex) of a secret, as stored. */
function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Two hashes compared in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function cookieName(requestId: string): string {
  return `${PREFIX}${hashSecret(requestId).slice(0, 16)}`;
}

function attributes(req: Request, crossSite: boolean, connectorId: string) {
  return { ...cookieAttributes(req, crossSite), path: `${req.basePath}/auth/saml/${connectorId}` };
}

/** Gives this browser the secret of a new AuthnRequest; returns its hash, to keep with the request. */
export function bindRequestToBrowser(req: Request, res: Response, requestId: string, connectorId: string, crossSite: boolean): string {
  const secret = randomBytes(32).toString('base64url');
  res.cookie(cookieName(requestId), secret, { ...attributes(req, crossSite, connectorId), maxAge: PENDING_REQUEST_MINUTES * 60_000 });
  return hashSecret(secret);
}

/** The hash of the secret this browser holds for a request, if it holds one. */
export function presentedBinding(req: Request, requestId: string): string | undefined {
  const secret = req.headers.cookie ? parseCookies(req.headers.cookie)[cookieName(requestId)] : undefined;
  return secret ? hashSecret(secret) : undefined;
}

/** Forgets a used request's secret. */
export function clearRequestBinding(req: Request, res: Response, requestId: string, connectorId: string, crossSite: boolean): void {
  res.clearCookie(cookieName(requestId), attributes(req, crossSite, connectorId));
}
