import { Router, type Request, type Response } from 'express';
import { parse as parseCookies } from 'cookie';
import { z } from 'zod';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { entryParams, pupilParams } from '../http/route-params.js';
import { validated } from '../http/validated.js';
import { SHARE_COOKIE, openSharedView } from '../sharing/shared-view.js';
import { pageReaderTexts } from '../translate/page-reader-texts.js';
import type { ReaderTexts } from '../translate/reader-texts.js';
import { SpeechCache } from './speech-cache.js';
import { EspeakEngine, SpeechUnavailable, type SpeechEngine } from './speech-engine.js';
import { spokenEntry, spokenMessage, spokenSkills, type SpokenText } from './spoken-texts.js';

const messageParams = z.object({ messageId: z.uuid() });
/** `?original=1`: the words as written, as the page shows them after "see the original". */
const originalQuery = z.object({ original: z.string().optional() });

/**
 * Reading aloud on the server, for devices without a voice for the reader's language: a message,
 * an entry or a child's skills, rebuilt here from what the listener may read (never a text the
 * browser sends), in the language the page shows it, rendered as audio and kept in a bounded
 * cache for an hour. Signed-in readers, and the holder of a child's code or link for that child.
 */
export function createReadAloudRouter(context: ModuleContext, engine: SpeechEngine = new EspeakEngine()): Router {
  const router = Router();
  const signedIn = requireSignIn(context.dataSource, context.clock);
  const speech = new SpeechCache(engine);

  async function speak(res: Response, texts: ReaderTexts, spoken: Promise<SpokenText>): Promise<void> {
    let audio;
    try {
      const { text, language } = await spoken;
      texts.done();
      if (text.trim() === '') throw new AppError('NOT_FOUND');
      audio = await speech.render(text, language);
    } catch (error) {
      if (error instanceof SpeechUnavailable) throw new AppError('READ_ALOUD_UNAVAILABLE', { cause: error });
      throw error;
    } finally {
      texts.done();
    }
    // Personal words: kept by no shared cache, and by the browser no longer than the page.
    res.set('Cache-Control', 'private, no-store');
    res.type(audio.contentType).send(audio.bytes);
  }

  router.get('/read-aloud/messages/:messageId', signedIn, validated({ params: messageParams, query: originalQuery }, async ({ params, query }, req, res) => {
    const texts = await pageReaderTexts(context, req, query.original === '1');
    await speak(res, texts, spokenMessage(context, actorOf(req), texts, params.messageId));
  }));

  router.get('/read-aloud/entries/:entryId', signedIn, validated({ params: entryParams, query: originalQuery }, async ({ params, query }, req, res) => {
    const texts = await pageReaderTexts(context, req, query.original === '1');
    await speak(res, texts, spokenEntry(context, actorOf(req), texts, params.entryId));
  }));

  router.get('/read-aloud/children/:pupilId/skills', signedIn, validated({ params: pupilParams, query: originalQuery }, async ({ params, query }, req, res) => {
    const texts = await pageReaderTexts(context, req, query.original === '1');
    await speak(res, texts, spokenSkills(context, actorOf(req), texts, params.pupilId));
  }));

  // What a scanned code or a personal link opens: entries of that one child, in the code's language.
  router.get('/shared/read-aloud/entries/:entryId', validated({ params: entryParams, query: originalQuery }, async ({ params, query }, req, res) => {
    const view = await sharedViewOf(context, req);
    const texts = await pageReaderTexts(context, req, query.original === '1', view.language ?? undefined);
    await speak(res, texts, spokenEntry(context, view.actor, texts, params.entryId));
  }));

  return router;
}

/** The open, unlocked viewer session of a request, or the same refusal as the viewer's pages. */
async function sharedViewOf(context: ModuleContext, req: Request) {
  const cookie = req.headers.cookie ? parseCookies(req.headers.cookie)[SHARE_COOKIE] : undefined;
  const view = await openSharedView(context.dataSource, cookie, context.clock.now());
  if (!view?.unlocked) throw new AppError('SHARE_LINK_INVALID');
  return view;
}
