import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../http/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Header API clients send; forms send a hidden `_csrf` field instead. */
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Synchronizer-token CSRF protection: every state-changing request must echo the token of its
 * session. Paths in `exemptions` carry their own proof instead (a signed LTI launch, a signed
 * SAML response) and are checked where they are handled.
 */
export function csrfProtection(exemptions: readonly RegExp[]): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (exemptions.some((pattern) => pattern.test(req.path))) return next();

    const session = req.ecarnetSession;
    if (!session) {
      throw new AppError(req.sessionCookieSent ? 'SESSION_EXPIRED' : 'CSRF_TOKEN_MISSING');
    }
    const sent = submittedToken(req);
    if (sent === undefined) throw new AppError('CSRF_TOKEN_MISSING');
    if (!sameToken(sent, session.csrfToken)) throw new AppError('CSRF_TOKEN_INVALID');
    next();
  };
}

function submittedToken(req: Request): string | undefined {
  const header = req.get(CSRF_HEADER);
  if (header) return header;
  // A multipart upload's body is streamed to storage, not parsed first: its form carries the
  // token in its action URL instead, so nothing is stored before the token is checked.
  if (req.is('multipart/form-data') && typeof req.query._csrf === 'string' && req.query._csrf !== '') return req.query._csrf;
  const body: unknown = req.body;
  if (body && typeof body === 'object' && '_csrf' in body && typeof body._csrf === 'string' && body._csrf !== '') {
    return body._csrf;
  }
  return undefined;
}

function sameToken(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether a token sent in a body the CSRF middleware cannot read (a multipart upload, whose path
 * is exempted from the middleware) is the session's. Routes using it must call it before anything.
 */
export function isSessionCsrfToken(req: Request, sent: string | undefined): boolean {
  const session = req.ecarnetSession;
  return session !== undefined && sent !== undefined && sent !== '' && sameToken(sent, session.csrfToken);
}
