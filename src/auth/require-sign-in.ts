import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import { AppError } from '../http/errors.js';
import { wantsJson } from '../http/negotiation.js';
import { loadActor } from '../policy/load-actor.js';
import type { Actor } from '../policy/actor.js';

/**
 * Lets signed-in people through with their rights loaded (`req.actor`). A browser asking for a
 * page is sent to the sign-in page (told when its session has ended); others get the error.
 */
export function requireSignIn(dataSource: DataSource, clock: Clock): RequestHandler {
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
    req.actor = await loadActor(dataSource, personId, clock.now());
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
