import { Router, type Response } from 'express';
import { z } from 'zod';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { AppError, notFound } from '../http/errors.js';
import { can } from '../policy/can.js';
import { parseInput } from '../http/parse-input.js';
import { classParams, grantParams, pupilParams, schoolParams } from '../http/route-params.js';
import { validated } from '../http/validated.js';
import { listAccessHistory } from './access-history.js';
import { clientAddress } from './client-address.js';
import { loadChildSharing } from './child-sharing.js';
import { loadClassSharing } from './class-sharing.js';
import { decideInvite } from './invite-approvals.js';
import { createInviteCode, redeemInviteCode } from './invite-codes.js';
import { grantLanguageInput, setGrantLanguage } from './grant-language.js';
import { UI_LANGUAGES } from '../i18n/languages.js';
import { createPersonalLink, linkExpiryInput, personalLinkInput, revokeGrant, setLinkExpiry } from './personal-links.js';
import { issueQrCodes } from './qr-codes.js';
import { issueClassQrCodes, type IssuedQrLink } from './issue-class-qr-codes.js';
import { shareUrl } from './share-url.js';
import { createSharedViewerRouter } from './viewer-router.js';
import { createSharingSettingsRouter } from './settings-router.js';
import { createUnsubscribeRouter } from './link-notices/unsubscribe-router.js';
import { renderQrSheets } from './qr-sheets.js';

const inviteInput = z.object({ code: z.string().trim().min(1).max(40) });
const inviteDecisionParams = z.object({ linkId: z.uuid(), decision: z.enum(['approve', 'reject']) });
const backToClass = z.object({ classId: z.uuid() });

/**
 * Sharing without an account: the viewer's pages (`createSharedViewerRouter`), the teacher's class
 * page that prints the sheets, the child's page that manages links and shows who looked, the
 * director's school-wide history and settings, and the page where parents type invite codes.
 */
export function createSharingRouter(context: ModuleContext): Router {
  const router = Router();
  const { dataSource, clock } = context;
  const signedIn = requireSignIn(dataSource, clock);

  router.use(createSharedViewerRouter(context));
  router.use(createSharingSettingsRouter(context));
  router.use(createUnsubscribeRouter(context));

  // The teacher's page: QR codes of the class, sheets to print, who looked.
  router.get('/classes/:classId/sharing', signedIn, validated({ params: classParams }, async ({ params: { classId } }, req, res) => {
    const page = await loadClassSharing(dataSource, actorOf(req), classId, clock.now());
    res.set('Cache-Control', 'private, no-store').render('sharing/class', { title: req.t('sharing.class.title', { name: page.className }), ...page, decided: req.query.decided === '1' });
  }));

  // The director reads who opened which portfolio across the school, with the school's audit log.
  router.get('/schools/:schoolId/portfolio-access', signedIn, validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    if (!can(actorOf(req), 'view', { kind: 'auditLog', schoolId })) throw notFound();
    const history = await listAccessHistory(dataSource, schoolId, 'wholeSchool');
    const schools = (await dataSource.query('SELECT timezone FROM school WHERE id = ?', [schoolId])) as { timezone: string }[];
    res.set('Cache-Control', 'private, no-store').render('sharing/school', { title: req.t('sharing.history.schoolTitle'), timezone: schools[0]?.timezone, history });
  }));

  // The class's teacher (or the director) decides on a parent who used an invite code.
  router.post('/sharing/invites/:linkId/:decision', signedIn, validated({ params: inviteDecisionParams }, async ({ params: { linkId, decision } }, req, res) => {
    const { classId } = parseInput(backToClass, { classId: (req.body as Record<string, unknown>).classId });
    await decideInvite(dataSource, actorOf(req), linkId, decision, clock.now());
    res.redirect(303, `${req.basePath}/classes/${classId}/sharing?decided=1`);
  }));

  async function sendSheets(res: Response, codes: readonly IssuedQrLink[], timezone: string, fileName: string): Promise<void> {
    const pdf = await renderQrSheets(
      codes.map((code) => ({ code, url: code.url, timezone })),
      context.translator,
    );
    res.set('Cache-Control', 'private, no-store').type('application/pdf').attachment(fileName).send(pdf);
  }

  // Printing issues new codes (only hashes are kept): the sheets printed before stop working.
  router.post('/classes/:classId/sharing/sheets', signedIn, validated({ params: classParams }, async ({ params: { classId } }, req, res) => {
    const { codes, timezone } = await issueClassQrCodes(context, actorOf(req), classId);
    // No child, no page: an empty PDF would only puzzle.
    if (codes.length === 0) throw new AppError('NOT_FOUND');
    await sendSheets(res, codes, timezone, 'qr-codes.pdf');
  }));

  router.post('/children/:pupilId/sharing/sheet', signedIn, validated({ params: pupilParams }, async ({ params: { pupilId } }, req, res) => {
    const page = await loadChildSharing(dataSource, actorOf(req), pupilId, clock.now());
    const issued = await issueQrCodes(dataSource, actorOf(req), [pupilId], clock.now());
    await sendSheets(res, issued.map((code) => ({ ...code, url: shareUrl(context.config, code.token) })), page.pupil.timezone, 'qr-code.pdf');
  }));

  router.post('/sharing/grants/:grantId/revoke', signedIn, validated({ params: grantParams }, async ({ params: { grantId } }, req, res) => {
    const grant = await revokeGrant(dataSource, actorOf(req), grantId, clock.now());
    res.redirect(303, `${req.basePath}/children/${grant.pupilId}/sharing?revoked=1`);
  }));

  router.post('/sharing/grants/:grantId/expiry', signedIn, validated({ params: grantParams }, async ({ params: { grantId } }, req, res) => {
    const { days } = parseInput(linkExpiryInput, { days: (req.body as Record<string, unknown>).days });
    const grant = await setLinkExpiry(dataSource, actorOf(req), grantId, days, clock.now());
    res.redirect(303, `${req.basePath}/children/${grant.pupilId}/sharing`);
  }));

  router.post('/sharing/grants/:grantId/language', signedIn, validated({ params: grantParams }, async ({ params: { grantId } }, req, res) => {
    const { language } = parseInput(grantLanguageInput, { language: (req.body as Record<string, unknown>).language });
    const grant = await setGrantLanguage(dataSource, actorOf(req), grantId, language, clock.now());
    res.redirect(303, `${req.basePath}/children/${grant.pupilId}/sharing`);
  }));

  // The child's page: links (guardian), QR code (school), invite codes (school), history (all).
  router.get('/children/:pupilId/sharing', signedIn, validated({ params: pupilParams }, async ({ params: { pupilId } }, req, res) => {
    const page = await loadChildSharing(dataSource, actorOf(req), pupilId, clock.now());
    res.set('Cache-Control', 'private, no-store').render('sharing/child', {
      title: req.t('sharing.child.title', { name: page.pupil.givenName }),
      timezone: page.pupil.timezone,
      ...page,
      grantLanguages: UI_LANGUAGES,
      revoked: req.query.revoked === '1',
    });
  }));

  router.post('/children/:pupilId/sharing/links', signedIn, validated({ params: pupilParams }, async ({ params: { pupilId } }, req, res) => {
    const body = req.body as Record<string, unknown>;
    const input = parseInput(personalLinkInput, {
      label: body.label,
      password: body.password,
      days: body.days,
      notifyEmail: body.notifyEmail,
      language: body.language === '' ? undefined : body.language,
    });
    const created = await createPersonalLink(dataSource, actorOf(req), pupilId, input, clock.now());
    const page = await loadChildSharing(dataSource, actorOf(req), pupilId, clock.now());
    res.set('Cache-Control', 'private, no-store').render('sharing/child', {
      title: req.t('sharing.child.title', { name: page.pupil.givenName }),
      timezone: page.pupil.timezone,
      ...page,
      createdLink: { url: shareUrl(context.config, created.token), expiresAt: created.expiresAt },
    });
  }));

  router.post('/children/:pupilId/sharing/invites', signedIn, validated({ params: pupilParams }, async ({ params: { pupilId } }, req, res) => {
    const invite = await createInviteCode(dataSource, actorOf(req), pupilId, clock.now());
    const page = await loadChildSharing(dataSource, actorOf(req), pupilId, clock.now());
    res.set('Cache-Control', 'private, no-store').render('sharing/child', {
      title: req.t('sharing.child.title', { name: page.pupil.givenName }),
      timezone: page.pupil.timezone,
      ...page,
      invite,
    });
  }));

  // A parent with an account types the code the teacher gave them.
  router.get('/invites', signedIn, (req, res) => {
    res.set('Cache-Control', 'private, no-store').render('sharing/invite', { title: req.t('sharing.invite.title'), done: req.query.done === '1' });
  });

  router.post('/invites', signedIn, validated({ body: inviteInput }, async ({ body: { code } }, req, res) => {
    await redeemInviteCode(dataSource, actorOf(req), code, clientAddress(req), clock.now());
    res.redirect(303, `${req.basePath}/invites?done=1`);
  }));

  return router;
}
