import type { CookieOptions, NextFunction, Request, RequestHandler, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import type { Clock } from '../clock.js';
import type { ActiveSession, SessionStore } from './session-store.js';

/** How the session cookie is written. */
interface SessionCookiePolicy {
  readonly name: string;
  /**
   * Secure + SameSite=None + Partitioned, needed inside an ENT iframe (a third-party context).
   * Browsers refuse SameSite=None without Secure, so plain-http deployments (local demo) fall
   * back to Lax.
   */
  readonly crossSite: boolean;
  readonly maxHours: number;
}

/** What the session manager checks beyond the cookie (both optional, for hosts and tests). */
export interface SessionAdmission {
  /** Refuses (throws) a sign-in that must not open a session: a member of deactivated schools only. */
  readonly admit?: (personId: string, now: Date) => Promise<void>;
  /** Configuration entries of the operators; a session of an operator no longer listed loses the role. */
  readonly operatorKeys?: ReadonlySet<string>;
}

/**
 * Reads the session cookie on each request and opens, renews and ends sessions. A new session is
 * always a new token: signing in never reuses the token a visitor had before (fixation).
 */
export class SessionManager {
  constructor(
    private readonly store: SessionStore,
    private readonly cookie: SessionCookiePolicy,
    private readonly clock: Clock,
    private readonly admission: SessionAdmission = {},
  ) {}

  /** Middleware: attaches `req.ecarnetSession` when the cookie names a live session. */
  middleware(): RequestHandler {
    return async (req: Request, res: Response, next: NextFunction) => {
      const token = req.headers.cookie ? parseCookies(req.headers.cookie)[this.cookie.name] : undefined;
      req.sessionCookieSent = token !== undefined;
      if (token !== undefined) {
        const session = await this.store.find(token, this.clock.now());
        if (session) req.ecarnetSession = session.operatorKey !== null && !this.admission.operatorKeys?.has(session.operatorKey) ? { ...session, operatorKey: null } : session;
        else this.clearCookie(req, res);
      }
      next();
    };
  }

  /**
   * Signs a person in: ends any current session and opens a new one. `language` is the person's
   * preferred interface language, used until they pick another. `operatorKey` marks the session of
   * a configured operator. `names`, when the caller has them already, spare a read. A member of
   * deactivated schools only is refused before anything changes.
   */
  async start(
    req: Request,
    res: Response,
    personId: string,
    signInMethod: string,
    language: string | null,
    options: {
      readonly operatorKey?: string | null;
      readonly names?: { readonly givenName: string; readonly familyName: string };
      /** The caller has just made the admission check in a read of its own (see `onlyInClosedSchoolsSql`) and refused whom it refuses. */
      readonly admitted?: boolean;
    } = {},
  ): Promise<ActiveSession> {
    const operatorKey = options.operatorKey ?? null;
    if (operatorKey === null && options.admitted !== true) await this.admission.admit?.(personId, this.clock.now());
    if (req.ecarnetSession) await this.store.destroy(req.ecarnetSession.tokenHash);
    const { token, session } = await this.store.create(this.clock.now(), { personId, signInMethod, language, operatorKey, ...(options.names ? { names: options.names } : {}) });
    this.writeCookie(req, res, token);
    req.ecarnetSession = session;
    return session;
  }

  /** A session for a visitor who is about to submit a form (it holds the CSRF token). */
  async ensure(req: Request, res: Response): Promise<ActiveSession> {
    if (req.ecarnetSession) return req.ecarnetSession;
    const { token, session } = await this.store.create(this.clock.now(), { personId: null });
    this.writeCookie(req, res, token);
    req.ecarnetSession = session;
    return session;
  }

  /** Signs out: the session is deleted and its cookie cleared. */
  async end(req: Request, res: Response): Promise<void> {
    if (req.ecarnetSession) await this.store.destroy(req.ecarnetSession.tokenHash);
    req.ecarnetSession = undefined;
    this.clearCookie(req, res);
  }

  private writeCookie(req: Request, res: Response, token: string): void {
    res.cookie(this.cookie.name, token, { ...cookieAttributes(req, this.cookie.crossSite), maxAge: this.cookie.maxHours * 3_600_000 });
  }

  private clearCookie(req: Request, res: Response): void {
    res.clearCookie(this.cookie.name, cookieAttributes(req, this.cookie.crossSite));
  }
}

/**
 * Attributes of every cookie the module sets: scoped to its mount path (a host application's own
 * cookies are left alone), HTTP-only, and cross-site capable when served over HTTPS.
 */
export function cookieAttributes(req: Request, crossSite: boolean): CookieOptions {
  return {
    httpOnly: true,
    secure: crossSite,
    sameSite: crossSite ? 'none' : 'lax',
    // CHIPS: inside an ENT iframe, browsers that block third-party cookies keep partitioned ones
    // (partitioned by the ENT's site), so a session opened there survives.
    partitioned: crossSite,
    path: req.basePath || '/',
  };
}
