import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../http/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Header API clients send; forms send a hidden `_csrf` field instead. */
export const CSRF_HEADER = 'x-csrf-token';
/** The hidden field every form carries, first, so a streamed multipart form shows it before any file. */
export const CSRF_FIELD = '_csrf';

/** Paths whose multipart forms are read by their route, which checks the form's token itself. */
export interface CsrfRules {
  /** Paths that carry their own proof instead (a signed LTI launch, a signed SAML response). */
  readonly exemptions: readonly RegExp[];
  /**
   * Paths whose `multipart/form-data` body is streamed to storage rather than parsed first. The
   * middleware cannot see the form's token there; the route's multipart reader checks it with
   * {@link requireFormToken} before it stores anything.
   */
  readonly streamedForms: readonly RegExp[];
}

/**
 * Synchronizer-token CSRF protection: every state-changing request must echo the token of its
 * session, in the `X-CSRF-Token` header or the form's `_csrf` field, never in the address (where
 * it would stay in the address bar, the history and the logs).
 */
export function csrfProtection(rules: CsrfRules): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (rules.exemptions.some((pattern) => pattern.test(req.path))) return next();

    const header = req.get(CSRF_HEADER);
    if (!header && req.is('multipart/form-data') && rules.streamedForms.some((pattern) => pattern.test(req.path))) {
      // Checked by the route's multipart reader, from the form's first field.
      req.csrfVerified = false;
      return next();
    }
    checkToken(req, header ?? bodyToken(req.body));
    req.csrfVerified = true;
    next();
  };
}

/**
 * For a streamed multipart form: throws unless the request's token was already checked (sent in
 * the header) or the form's fields read so far hold the session's token. Multipart readers call
 * it before they store the first file, or at the end of a form without files.
 */
export function requireFormToken(req: Request, fields: Readonly<Record<string, string | string[]>>): void {
  if (req.csrfVerified !== false) return;
  const sent = fields[CSRF_FIELD];
  try {
    checkToken(req, typeof sent === 'string' && sent !== '' ? sent : undefined);
  } catch (refusal) {
    // The reader goes on filling `fields` with the rest of the form's text: the refusal page gives it back.
    req.typedFields = fields;
    throw refusal;
  }
  req.csrfVerified = true;
}

function checkToken(req: Request, sent: string | undefined): void {
  const session = req.ecarnetSession;
  if (!session) throw new AppError(req.sessionCookieSent ? 'SESSION_EXPIRED' : 'CSRF_TOKEN_MISSING');
  if (sent === undefined) throw new AppError('CSRF_TOKEN_MISSING');
  if (!sameToken(sent, session.csrfToken)) throw new AppError('CSRF_TOKEN_INVALID');
}

function bodyToken(body: unknown): string | undefined {
  if (body && typeof body === 'object' && CSRF_FIELD in body) {
    const sent = (body as Record<string, unknown>)[CSRF_FIELD];
    if (typeof sent === 'string' && sent !== '') return sent;
  }
  return undefined;
}

function sameToken(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
