import { Router, type Request, type Response } from 'express';
import { parse as parseCookies } from 'cookie';
import { z } from 'zod';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import { cookieAttributes } from '../auth/session-manager.js';
import type { ModuleContext } from '../context.js';
import { AppError, notFound } from '../http/errors.js';
import { can } from '../policy/can.js';
import { schoolParams } from '../audit/router.js';
import { hitRateLimit } from '../http/rate-limit.js';
import { parseInput } from '../http/parse-input.js';
import { RENDITIONS, serveMedium } from '../portfolio/serve-medium.js';
import { parseCursor } from '../portfolio/router.js';
import { loadTimelineOf } from '../portfolio/timeline.js';
import { listAccessHistory, recordPortfolioAccess } from './access-history.js';
import { loadChildSharing } from './child-sharing.js';
import { loadClassSharing } from './class-sharing.js';
import { decideInvite } from './invite-approvals.js';
import { createInviteCode, redeemInviteCode } from './invite-codes.js';
import { createPersonalLink, linkExpiryInput, personalLinkInput, revokeGrant, setLinkExpiry } from './personal-links.js';
import { issueQrCodes } from './qr-codes.js';
import { renderQrSheets } from './qr-sheets.js';
import { SHARE_COOKIE, SHARE_RATE_LIMITS, SHARE_SESSION_HOURS, exchangeShareToken, openSharedView, unlockSharedView, type SharedView } from './shared-view.js';

const classParams = z.object({ classId: z.uuid() });
const pupilParams = z.object({ pupilId: z.uuid() });
const grantParams = z.object({ grantId: z.uuid() });
const mediumParams = z.object({ mediumId: z.uuid(), rendition: z.enum(RENDITIONS) });
const cursorQuery = z.object({ before: z.string().regex(/^\d{13}\.[0-9a-f-]{36}$/).optional() });
const unlockInput = z.object({ password: z.string().min(1).max(200) });
const inviteInput = z.object({ code: z.string().trim().min(1).max(40) });
const inviteDecisionParams = z.object({ linkId: z.uuid(), decision: z.enum(['approve', 'reject']) });
const backToClass = z.object({ classId: z.uuid() });

/** The address a request came from, as Express resolves it behind the configured proxies. */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/**
 * Sharing without an account: `/s/:token` exchanges a QR code or link for a viewer session and
 * `/shared` shows that one child's published portfolio, read only; the teacher's class page prints
 * the sheets, the child's page manages links and shows who looked; parents type invite codes.
 */
export function createSharingRouter(context: ModuleContext): Router {
  const router = Router();
  const { dataSource, clock, logger } = context;
  const signedIn = requireSignIn(dataSource, clock);
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

  router.get('/shared', async (req, res) => {
    noStore(res);
    const view = await sharedView(req, res);
    if (!view.unlocked) {
      await context.sessions.ensure(req, res);
      res.render('sharing/unlock', { title: req.t('sharing.unlock.title'), csrfToken: req.ecarnetSession?.csrfToken, failed: req.query.failed === '1' });
      return;
    }
    const { before } = parseInput(cursorQuery, req.query);
    const now = clock.now();
    const page = await loadTimelineOf(dataSource, view.actor, view.pupil, now, parseCursor(before));
    await recordPortfolioAccess(
      dataSource,
      { schoolId: view.pupil.schoolId, pupilId: view.pupil.id, channel: view.kind, grantId: view.grantId, userAgent: req.get('user-agent'), address: clientAddress(req) },
      now,
    );
    res.render('sharing/shared-timeline', {
      title: req.t('sharing.viewer.title', { name: page.pupil.givenName }),
      timezone: page.pupil.timezone,
      pupil: page.pupil,
      entries: page.entries,
      next: page.next ? `${page.next.at.getTime()}.${page.next.entryId}` : undefined,
    });
  });

  router.post('/shared/unlock', async (req, res) => {
    noStore(res);
    const view = await sharedView(req, res);
    const { password } = parseInput(unlockInput, req.body);
    const outcome = await unlockSharedView(dataSource, view, password, clientAddress(req), clock.now());
    if (outcome !== 'unlocked') logger.warn({ event: `share.password.${outcome}`, grantId: view.grantId, address: clientAddress(req) }, 'personal link password refused');
    if (outcome === 'throttled') throw new AppError('SHARE_TOO_MANY_ATTEMPTS');
    res.redirect(303, `${req.basePath}/shared${outcome === 'wrong' ? '?failed=1' : ''}`);
  });

  router.get('/shared/media/:mediumId/:rendition', async (req, res) => {
    const view = await sharedView(req, res);
    if (!view.unlocked) throw new AppError('SHARE_LINK_INVALID');
    const { mediumId, rendition } = parseInput(mediumParams, req.params);
    // Never as a download: the viewer sees the portfolio, they do not take it away.
    await serveMedium(context, view.actor, mediumId, rendition, false, req, res);
  });

  // The teacher's page: QR codes of the class, sheets to print, who looked.
  router.get('/classes/:classId/sharing', signedIn, async (req, res) => {
    const { classId } = parseInput(classParams, req.params);
    const page = await loadClassSharing(dataSource, actorOf(req), classId, clock.now());
    res.set('Cache-Control', 'private, no-store').render('sharing/class', { title: req.t('sharing.class.title', { name: page.className }), ...page, decided: req.query.decided === '1' });
  });

  // The director reads who opened which portfolio across the school, with the school's audit log.
  router.get('/schools/:schoolId/portfolio-access', signedIn, async (req, res) => {
    const { schoolId } = parseInput(schoolParams, req.params);
    if (!can(actorOf(req), 'view', { kind: 'auditLog', schoolId })) throw notFound();
    const history = await listAccessHistory(dataSource, schoolId, 'wholeSchool');
    const schools = (await dataSource.query('SELECT timezone FROM school WHERE id = ?', [schoolId])) as { timezone: string }[];
    res.set('Cache-Control', 'private, no-store').render('sharing/school', { title: req.t('sharing.history.schoolTitle'), timezone: schools[0]?.timezone, history });
  });

  // The class's teacher (or the director) decides on a parent who used an invite code.
  router.post('/sharing/invites/:linkId/:decision', signedIn, async (req, res) => {
    const { linkId, decision } = parseInput(inviteDecisionParams, req.params);
    const { classId } = parseInput(backToClass, { classId: (req.body as Record<string, unknown>).classId });
    await decideInvite(dataSource, actorOf(req), linkId, decision, clock.now());
    res.redirect(303, `${req.basePath}/classes/${classId}/sharing?decided=1`);
  });

  async function sendSheets(req: Request, res: Response, pupilIds: readonly string[], timezone: string, fileName: string): Promise<void> {
    const issued = await issueQrCodes(dataSource, actorOf(req), pupilIds, clock.now());
    const base = `${context.config.baseUrl.replace(/\/$/, '')}`;
    const pdf = await renderQrSheets(
      issued.map((code) => ({ code, url: `${base}/s/${code.token}`, timezone })),
      context.translator,
    );
    res.set('Cache-Control', 'private, no-store').type('application/pdf').attachment(fileName).send(pdf);
  }

  // Printing issues new codes (only hashes are kept): the sheets printed before stop working.
  router.post('/classes/:classId/sharing/sheets', signedIn, async (req, res) => {
    const { classId } = parseInput(classParams, req.params);
    const page = await loadClassSharing(dataSource, actorOf(req), classId, clock.now());
    if (page.pupils.length === 0) throw new AppError('NOT_FOUND');
    await sendSheets(req, res, page.pupils.map((pupil) => pupil.id), page.timezone, 'qr-codes.pdf');
  });

  router.post('/children/:pupilId/sharing/sheet', signedIn, async (req, res) => {
    const { pupilId } = parseInput(pupilParams, req.params);
    const page = await loadChildSharing(dataSource, actorOf(req), pupilId, clock.now());
    await sendSheets(req, res, [pupilId], page.pupil.timezone, 'qr-code.pdf');
  });

  router.post('/sharing/grants/:grantId/revoke', signedIn, async (req, res) => {
    const { grantId } = parseInput(grantParams, req.params);
    const grant = await revokeGrant(dataSource, actorOf(req), grantId, clock.now());
    res.redirect(303, `${req.basePath}/children/${grant.pupilId}/sharing?revoked=1`);
  });

  router.post('/sharing/grants/:grantId/expiry', signedIn, async (req, res) => {
    const { grantId } = parseInput(grantParams, req.params);
    const { days } = parseInput(linkExpiryInput, { days: (req.body as Record<string, unknown>).days });
    const grant = await setLinkExpiry(dataSource, actorOf(req), grantId, days, clock.now());
    res.redirect(303, `${req.basePath}/children/${grant.pupilId}/sharing`);
  });

  // The child's page: links (guardian), QR code (school), invite codes (school), history (all).
  router.get('/children/:pupilId/sharing', signedIn, async (req, res) => {
    const { pupilId } = parseInput(pupilParams, req.params);
    const page = await loadChildSharing(dataSource, actorOf(req), pupilId, clock.now());
    res.set('Cache-Control', 'private, no-store').render('sharing/child', {
      title: req.t('sharing.child.title', { name: page.pupil.givenName }),
      timezone: page.pupil.timezone,
      ...page,
      revoked: req.query.revoked === '1',
    });
  });

  router.post('/children/:pupilId/sharing/links', signedIn, async (req, res) => {
    const { pupilId } = parseInput(pupilParams, req.params);
    const body = req.body as Record<string, unknown>;
    const input = parseInput(personalLinkInput, { label: body.label, password: body.password, days: body.days, notifyEmail: body.notifyEmail });
    const created = await createPersonalLink(dataSource, actorOf(req), pupilId, input, clock.now());
    const page = await loadChildSharing(dataSource, actorOf(req), pupilId, clock.now());
    res.set('Cache-Control', 'private, no-store').render('sharing/child', {
      title: req.t('sharing.child.title', { name: page.pupil.givenName }),
      timezone: page.pupil.timezone,
      ...page,
      createdLink: { url: `${context.config.baseUrl.replace(/\/$/, '')}/s/${created.token}`, expiresAt: created.expiresAt },
    });
  });

  router.post('/children/:pupilId/sharing/invites', signedIn, async (req, res) => {
    const { pupilId } = parseInput(pupilParams, req.params);
    const invite = await createInviteCode(dataSource, actorOf(req), pupilId, clock.now());
    const page = await loadChildSharing(dataSource, actorOf(req), pupilId, clock.now());
    res.set('Cache-Control', 'private, no-store').render('sharing/child', {
      title: req.t('sharing.child.title', { name: page.pupil.givenName }),
      timezone: page.pupil.timezone,
      ...page,
      invite,
    });
  });

  // A parent with an account types the code the teacher gave them.
  router.get('/invites', signedIn, (req, res) => {
    res.set('Cache-Control', 'private, no-store').render('sharing/invite', { title: req.t('sharing.invite.title'), done: req.query.done === '1' });
  });

  router.post('/invites', signedIn, async (req, res) => {
    const { code } = parseInput(inviteInput, req.body);
    await redeemInviteCode(dataSource, actorOf(req), code, clientAddress(req), clock.now());
    res.redirect(303, `${req.basePath}/invites?done=1`);
  });

  return router;
}
