import { Router, type Request, type Response } from 'express';
import { parse as parseCookies } from 'cookie';
import { z } from 'zod';
import { cookieAttributes } from '../auth/session-manager.js';
import type { ModuleContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { hitRateLimit } from '../http/rate-limit.js';
import { parseInput } from '../http/parse-input.js';
import { mediumRenditionParams } from '../http/route-params.js';
import { validated } from '../http/validated.js';
import { timelineCursorQuery } from '../portfolio/timeline-cursor.js';
import { serveMedium } from '../portfolio/serve-medium.js';
import { viewTimeline } from '../portfolio/view-timeline.js';
import { clientAddress } from './client-address.js';
import { isUiLanguage } from '../i18n/languages.js';
import { interfaceLanguageChosen, useInterfaceLanguage } from '../i18n/middleware.js';
import { translateEntries } from '../portfolio/translate-entries.js';
import { pageReaderTexts, translationLinks } from '../translate/page-reader-texts.js';
import { SHARE_COOKIE, SHARE_RATE_LIMITS, SHARE_SESSION_HOURS, exchangeShareToken, openSharedView, unlockSharedView, type SharedView } from './shared-view.js';

/** A page of the timeline, and `?original=1` for the words as written rather than in the family's language. */
const sharedTimelineQuery = timelineCursorQuery.extend({ original: z.string().optional() });
const unlockInput = z.object({ password: z.string().min(1).max(200) });

/**
 * What a QR code or personal link opens, without an account: `/s/:token` exchanges the token for a
 * viewer session and `/shared` shows that one child's published portfolio, read only, with its
 * media behind the policy. Every request re-reads the session with its code.
 */
export function createSharedViewerRouter(context: ModuleContext): Router {
  const router = Router();
  const { dataSource, clock, logger } = context;
  const noStore = (res: Response) => res.set('Cache-Control', 'no-store');

  /** The viewer session of a request, or the one page every bad token gets. */
  async function sharedView(req: Request, res: Response): Promise<SharedView> {
    const cookie = req.headers.cookie ? parseCookies(req.headers.cookie)[SHARE_COOKIE] : undefined;
    const view = await openSharedView(dataSource, cookie, clock.now());
    if (!view) {
      if (cookie !== undefined) res.clearCookie(SHARE_COOKIE, cookieAttributes(req, context.config.session.crossSiteCookies));
      throw new AppError('SHARE_LINK_INVALID');
    }
    return view;
  }

  // Any path under /s (empty, cut short, with a slash, of any length) is a token to try: every bad
  // one must land on the same SHARE_LINK_INVALID page as an expired one, never on NOT_FOUND.
  router.get('/s{/*token}', async (req, res) => {
    noStore(res);
    const now = clock.now();
    const address = clientAddress(req);
    const decision = await hitRateLimit(dataSource, `share-open:${address}`, SHARE_RATE_LIMITS.openPerAddress, now);
    if (!decision.allowed) {
      logger.warn({ event: 'share.throttled', address }, 'too many share tokens from one address');
      res.set('Retry-After', String(decision.retryAfterSeconds));
      throw new AppError('SHARE_TOO_MANY_ATTEMPTS');
    }
    const segments = (req.params as { token?: string[] }).token ?? [];
    const token = segments.join('/');
    let opened;
    try {
      opened = await exchangeShareToken(dataSource, token, now);
    } catch (error) {
      // The token is never logged: only that one was refused, and from where.
      if (error instanceof AppError) logger.info({ event: 'share.refused', address }, 'share token refused');
      throw error;
    }
    res.cookie(SHARE_COOKIE, opened.sessionToken, {
      ...cookieAttributes(req, context.config.session.crossSiteCookies),
      maxAge: Math.min(SHARE_SESSION_HOURS * 3_600_000, opened.expiresAt.getTime() - now.getTime()),
    });
    // Out of the address bar and the history at once: the token is now only on the paper.
    res.redirect(303, `${req.basePath}/shared`);
  });

  router.get('/shared', validated({ query: sharedTimelineQuery }, async ({ query: { before, original } }, req, res) => {
    noStore(res);
    const view = await sharedView(req, res);
    // The family's language set on the code or link, unless this browser chose another one.
    if (view.language && isUiLanguage(view.language) && !interfaceLanguageChosen(req)) useInterfaceLanguage(req, res, context.translator, view.language);
    if (!view.unlocked) {
      await context.sessions.ensure(req, res);
      res.render('sharing/unlock', { title: req.t('sharing.unlock.title'), csrfToken: req.ecarnetSession?.csrfToken, failed: req.query.failed === '1' });
      return;
    }
    const viewer = { actor: view.actor, via: { channel: view.kind, grantId: view.grantId }, userAgent: req.get('user-agent'), address: clientAddress(req) };
    const page = await viewTimeline(context, viewer, view.pupil, before);
    const texts = await pageReaderTexts(context, req, original === '1', view.language ?? req.language);
    const entries = await translateEntries(texts, page.entries);
    texts.done();
    res.render('sharing/shared-timeline', {
      title: req.t('sharing.viewer.title', { name: page.pupil.givenName }),
      timezone: page.pupil.timezone,
      pupil: page.pupil,
      entries,
      next: page.next,
      ...translationLinks(req),
      showOriginal: texts.showOriginal,
    });
  }));

  router.post('/shared/unlock', async (req, res) => {
    noStore(res);
    const view = await sharedView(req, res);
    const { password } = parseInput(unlockInput, req.body);
    const outcome = await unlockSharedView(dataSource, view, password, clientAddress(req), clock.now());
    if (outcome !== 'unlocked') logger.warn({ event: `share.password.${outcome}`, grantId: view.grantId, address: clientAddress(req) }, 'personal link password refused');
    if (outcome === 'throttled') throw new AppError('SHARE_TOO_MANY_ATTEMPTS');
    res.redirect(303, `${req.basePath}/shared${outcome === 'wrong' ? '?failed=1' : ''}`);
  });

  router.get('/shared/media/:mediumId/:rendition', validated({ params: mediumRenditionParams }, async ({ params: { mediumId, rendition } }, req, res) => {
    const view = await sharedView(req, res);
    if (!view.unlocked) throw new AppError('SHARE_LINK_INVALID');
    // Never as a download: the viewer sees the portfolio, they do not take it away.
    await serveMedium(context, view.actor, mediumId, rendition, false, req, res);
  }));

  return router;
}
