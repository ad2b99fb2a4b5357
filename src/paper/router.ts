import { Router, type Request, type Response } from 'express';
import { parse as parseCookies } from 'cookie';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import { cookieAttributes } from '../auth/session-manager.js';
import type { ModuleContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { hitRateLimit } from '../http/rate-limit.js';
import { parseInput } from '../http/parse-input.js';
import { classParams, messageParams, pupilParams } from '../http/route-params.js';
import { printWelcomeLetters } from './welcome/print-welcome-letters.js';
import { can } from '../policy/can.js';
import { findPortfolioPupil } from '../portfolio/find-portfolio-pupil.js';
import { bookletInput, printBooklet } from './booklet/print-booklet.js';
import { validated } from '../http/validated.js';
import { isUiLanguage } from '../i18n/languages.js';
import { rememberInterfaceLanguage } from '../i18n/middleware.js';
import { answer, markRead } from '../messaging/respond.js';
import { loadThreadView } from '../messaging/thread-view.js';
import { loadActor } from '../policy/load-actor.js';
import { clientAddress } from '../sharing/client-address.js';
import { SHARE_RATE_LIMITS } from '../sharing/shared-view.js';
import { paperAnswerInput, paperQuery, printInput } from './inputs.js';
import { choosePaperChannel, loadPaperChannel } from './paper-channel.js';
import { exchangePaperCode, openPaperSession, PAPER_COOKIE, PAPER_SESSION_HOURS } from './paper-codes.js';
import { listPaperRecipients } from './paper-recipients.js';
import { printPaperCopies } from './print-paper-copies.js';
import { recordPaperAnswer } from './record-paper-answer.js';
import { asksAnswer } from './important-message.js';

type FormBody = Record<string, string | undefined>;
const STYLESHEETS = ['/static/messaging.css'];

/**
 * Paper copies of important messages, as pages: the sender's paper page (who needs paper, the
 * PDF, answers brought back), a person's paper channel, and what a copy's code opens — one
 * message for one guardian, in their language, with its answer buttons.
 */
export function createPaperRouter(context: ModuleContext): Router {
  const router = Router();
  const { dataSource, clock, logger } = context;
  const signedIn = requireSignIn(dataSource, clock);
  const noStore = (res: Response) => res.set('Cache-Control', 'private, no-store');

  router.get('/messages/:messageId/paper', signedIn, validated({ params: messageParams, query: paperQuery }, async ({ params: { messageId }, query: { hours } }, req, res) => {
    const { message, recipients } = await listPaperRecipients(context.messaging, actorOf(req), messageId, hours);
    noStore(res).render('paper/paper', {
      title: req.t('paper.page.title'),
      stylesheets: STYLESHEETS,
      messageId,
      subject: message.subject,
      hours,
      asks: asksAnswer(message),
      recorded: req.query.recorded === '1',
      needing: recipients.filter((recipient) => recipient.reason !== null).length,
      recipients: recipients.map((recipient) => ({
        personId: recipient.personId,
        name: `${recipient.givenName} ${recipient.familyName}`,
        childName: `${recipient.childGivenName} ${recipient.childFamilyName}`,
        reasonLabel: recipient.reason ? req.t(`paper.reason.${recipient.reason}`) : null,
        answerLabel: recipient.answer ? req.t(`messaging.answer.${recipient.answer}`) : null,
        answeredOnPaper: recipient.answeredOnPaper,
      })),
    });
  }));

  // Printing issues new codes (only hashes are kept): a copy printed before stops working.
  router.post('/messages/:messageId/paper-copies', signedIn, validated({ params: messageParams }, async ({ params: { messageId } }, req, res) => {
    const { hours } = parseInput(printInput, { hours: (req.body as FormBody).hours });
    const { pdf } = await printPaperCopies(context, actorOf(req), messageId, hours);
    noStore(res).type('application/pdf').attachment('paper-copies.pdf').send(pdf);
  }));

  router.post('/messages/:messageId/paper-answers', signedIn, validated({ params: messageParams }, async ({ params: { messageId } }, req, res) => {
    const body = req.body as FormBody;
    const input = parseInput(paperAnswerInput, { guardianId: body.guardianId, answer: body.answer });
    await recordPaperAnswer(context.messaging, actorOf(req), messageId, input.guardianId, input.answer);
    res.redirect(303, `${req.basePath}/messages/${messageId}/paper?recorded=1`);
  }));

  router.get('/paper-channel', signedIn, async (req, res) => {
    noStore(res).render('paper/channel', {
      title: req.t('paper.channel.title'),
      stylesheets: STYLESHEETS,
      paper: await loadPaperChannel(context, actorOf(req)),
      saved: req.query.saved === '1',
    });
  });
  router.post('/paper-channel', signedIn, async (req, res) => {
    await choosePaperChannel(context, actorOf(req), (req.body as FormBody).paper === 'on');
    res.redirect(303, `${req.basePath}/paper-channel?saved=1`);
  });

  // What a paper copy's code opens. Every path under /m is a token to try, as for QR codes.
  router.get('/m{/*token}', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const now = clock.now();
    const address = clientAddress(req);
    const decision = await hitRateLimit(dataSource, `paper-open:${address}`, SHARE_RATE_LIMITS.openPerAddress, now);
    if (!decision.allowed) {
      res.set('Retry-After', String(decision.retryAfterSeconds));
      throw new AppError('SHARE_TOO_MANY_ATTEMPTS');
    }
    const token = ((req.params as { token?: string[] }).token ?? []).join('/');
    let opened;
    try {
      opened = await exchangePaperCode(dataSource, token, now);
    } catch (error) {
      if (error instanceof AppError) logger.info({ event: 'paper.refused', address }, 'paper code refused');
      throw error;
    }
    res.cookie(PAPER_COOKIE, opened.sessionToken, {
      ...cookieAttributes(req, context.config.session.crossSiteCookies),
      maxAge: Math.min(PAPER_SESSION_HOURS * 3_600_000, opened.expiresAt.getTime() - now.getTime()),
    });
    // The page opens in the guardian's language, not the phone's.
    const language = (await dataSource.query('SELECT preferredLanguage FROM person WHERE id = ?', [opened.personId])) as { preferredLanguage: string }[];
    const preferred = language[0]?.preferredLanguage;
    if (preferred && isUiLanguage(preferred)) rememberInterfaceLanguage(req, res, preferred, context.config.session.crossSiteCookies);
    res.redirect(303, `${req.basePath}/paper-message`);
  });

  /** The guardian of a paper session, as the policy sees them now, and the message. */
  async function paperReader(req: Request, res: Response): Promise<{ actor: Awaited<ReturnType<typeof loadActor>>; messageId: string }> {
    const cookie = req.headers.cookie ? parseCookies(req.headers.cookie)[PAPER_COOKIE] : undefined;
    const session = await openPaperSession(dataSource, cookie, clock.now());
    if (!session) {
      if (cookie !== undefined) res.clearCookie(PAPER_COOKIE, cookieAttributes(req, context.config.session.crossSiteCookies));
      throw new AppError('PAPER_CODE_INVALID');
    }
    return { actor: await loadActor(dataSource, session.personId, clock.now()), messageId: session.messageId };
  }

  router.get('/paper-message', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const reader = await paperReader(req, res);
    await markRead(context.messaging, reader.actor, reader.messageId);
    const thread = await loadThreadView(context.messaging, reader.actor, reader.messageId, false);
    const message = thread.messages.find((candidate) => candidate.id === reader.messageId) ?? thread.messages[0]!;
    await context.sessions.ensure(req, res);
    res.render('paper/message', {
      title: message.subject ?? req.t('paper.message.title'),
      stylesheets: STYLESHEETS,
      csrfToken: req.ecarnetSession?.csrfToken,
      message,
      answerLabel: message.own?.answer ? req.t(`messaging.answer.${message.own.answer}`) : null,
    });
  });

  router.post('/paper-message/answer', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const reader = await paperReader(req, res);
    await answer(context.messaging, reader.actor, reader.messageId, parseInput(paperAnswerInput.pick({ answer: true }), { answer: (req.body as FormBody).answer }).answer);
    res.redirect(303, `${req.basePath}/paper-message`);
  });

  router.get('/children/:pupilId/booklet', signedIn, validated({ params: pupilParams }, async ({ params: { pupilId } }, req, res) => {
    const now = clock.now();
    const pupil = await findPortfolioPupil(dataSource, actorOf(req), pupilId, 'export', now);
    const today = now.toISOString().slice(0, 10);
    noStore(res).render('paper/booklet', {
      title: req.t('paper.booklet.pageTitle', { name: pupil.givenName }),
      pupil,
      from: new Date(now.getTime() - 90 * 86_400_000).toISOString().slice(0, 10),
      to: today,
      mayIssueCode: can(actorOf(req), 'manageCodes', { kind: 'sharing', schoolId: pupil.schoolId, pupilId: pupil.id, classIds: pupil.classIds, personalLinksAllowed: false }),
    });
  }));
  router.post('/children/:pupilId/booklet', signedIn, validated({ params: pupilParams }, async ({ params: { pupilId } }, req, res) => {
    const body = req.body as FormBody;
    const input = parseInput(bookletInput, { from: body.from, to: body.to, newCode: body.newCode === 'on' });
    const pdf = await printBooklet(context, actorOf(req), pupilId, input);
    noStore(res).type('application/pdf').attachment('portfolio-booklet.pdf').send(pdf);
  }));

  // Welcome letters issue no code: they can be printed as often as needed.
  router.post('/classes/:classId/welcome-letters', signedIn, validated({ params: classParams }, async ({ params: { classId } }, req, res) => {
    const pdf = await printWelcomeLetters(context, actorOf(req), classId);
    noStore(res).type('application/pdf').attachment('welcome-letters.pdf').send(pdf);
  }));

  return router;
}
