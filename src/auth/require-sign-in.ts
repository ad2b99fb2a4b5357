import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import { AppError } from '../http/errors.js';
import { wantsJson } from '../http/negotiation.js';
import { loadActor } from '../policy/load-actor.js';
import { operatorActor, type Actor } from '../policy/actor.js';
import { refuseMembersOfClosedSchools } from '../operator/closed-schools.js';

/**
 * Lets signed-in people through with their rights loaded (`req.actor`). A browser asking for a
 * page is sent to the sign-in page (told when its session has ended); others get the error.
 *
 * An operator's session passes only where `operatorConsole` is set (the operator pages), with an
 * operator actor; everywhere else it is refused (OPERATOR_NO_CHILD_DATA) and its home is
 * `/operator`. Members of deactivated schools only are refused (SCHOOL_DEACTIVATED).
 */
export function requireSignIn(dataSource: DataSource, clock: Clock, options: { operatorConsole?: true } = {}): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const personId = req.ecarnetSession?.personId;
    if (!personId) {
      // "Expired" only when the cookie named a session that no longer exists; a visitor's live
      // anonymous session (it carries their CSRF token) simply has not signed in.
      const code = req.sessionCookieSent && !req.ecarnetSession ? 'SESSION_EXPIRED' : 'AUTHENTICATION_REQUIRED';
      if (req.method === 'GET' && !wantsJson(req)) {
        const query = new URLSearchParams({ next: req.originalUrl });
        if (code === 'SESSION_EXPIRED') query.set('expired', '1');
        res.redirect(303, `${req.basePath}/sign-in?${query.toString()}`);
        return;
      }
      throw new AppError(code);
    }
    // --- Operators
    const operatorKey = req.ecarnetSession?.operatorKey ?? null;
    if (operatorKey !== null) {
      if (options.operatorConsole) {
        req.actor = operatorActor(personId);
        next();
        return;
      }
      if (req.method === 'GET' && req.path === '/home' && !wantsJson(req)) {
        res.redirect(303, `${req.basePath}/operator`);
        return;
      }
      throw new AppError('OPERATOR_NO_CHILD_DATA');
    }
    // --- end operators
    const now = clock.now();
    const actor = await loadActor(dataSource, personId, now);
    await refuseMembersOfClosedSchools(dataSource, personId, now, actor);
    req.actor = actor;
    next();
  };
}

/** The actor of a request that went through `requireSignIn`. */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw new Error('requireSignIn must run before this handler');
  return req.actor;
}

/**
 * Where to go after signing in: only a path inside the module, never another site.
 */
export function safeReturnPath(basePath: string, next: unknown): string {
  const home = `${basePath}/home`;
  if (typeof next !== 'string' || !next.startsWith(`${basePath}/`) || next.startsWith('//') || next.includes('\\')) {
    return home;
  }
  return next;
}
