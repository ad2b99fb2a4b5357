import { Router, type Request, type Response } from 'express';
import { parse as parseCookies } from 'cookie';
import { cookieAttributes } from '../auth/session-manager.js';
import type { ModuleContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { hitRateLimit } from '../http/rate-limit.js';
import { parseInput } from '../http/parse-input.js';
import { readPreferredLanguageRow } from '../db/common-rows.js';
import { queryRows } from '../db/row-reader.js';
import { isUiLanguage } from '../i18n/languages.js';
import { rememberInterfaceLanguage } from '../i18n/middleware.js';
import { answer, markRead } from '../messaging/respond.js';
import { loadThreadView } from '../messaging/thread-view.js';
import { loadActor } from '../policy/load-actor.js';
import { clientAddress } from '../sharing/client-address.js';
import { SHARE_RATE_LIMITS } from '../sharing/shared-view.js';
import { paperAnswerInput } from './inputs.js';
import { exchangePaperCode, openPaperSession, PAPER_COOKIE, PAPER_SESSION_HOURS } from './paper-codes.js';

type FormBody = Record<string, string | undefined>;
const STYLESHEETS = ['/static/messaging.css'];

/**
 * What a paper copy's code opens, without an account: `/m/:token` exchanges the single-use code
 * for a short session, and `/paper-message` shows that one message to that one guardian, in their
 * language, with its answer buttons and the offer to add the app to the phone.
 */
export function createPaperScanRouter(context: ModuleContext): Router {
  const router = Router();
  const { dataSource, clock, logger } = context;

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
    const language = await queryRows(dataSource, readPreferredLanguageRow, 'SELECT preferredLanguage FROM person WHERE id = ?', [opened.personId]);
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


  return router;
}
