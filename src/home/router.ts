import { Router } from 'express';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { buildHomePage } from './home-page.js';
import { pageReaderTexts } from '../translate/page-reader-texts.js';
import { portfolioPlaceOf } from './portfolio-place.js';

/** `/home`: what each signed-in person sees first, one section per role they hold. */
export function createHomeRouter(context: ModuleContext): Router {
  const router = Router();
  router.get('/home', requireSignIn(context.dataSource, context.clock), async (req, res) => {
    const page = await buildHomePage(context.messaging, actorOf(req), context.clock.now());
    // What the family is asked, in their language (the message itself has "see the original").
    const texts = await pageReaderTexts(context, req, false);
    const awaitingAnswer = await Promise.all(
      page.awaitingAnswer.map(async (request) => {
        const subject = request.subject === null ? null : await texts.show(request.subject, request.language);
        return { ...request, subject: subject?.text ?? null, subjectLanguage: subject?.language ?? request.language };
      }),
    );
    texts.done();
    res.set('Cache-Control', 'private, no-store').render('home/index', {
      title: req.t('home.title'),
      person: req.ecarnetSession?.person,
      ...page,
      awaitingAnswer,
      showFamily: page.children !== null,
      showTeaching: page.taughtClasses !== null,
      showPupil: page.ownClasses !== null,
      navUnread: page.unread,
    });
  });
  // The bottom navigation's "Carnet": straight to the person's one portfolio, or to the home page's list.
  router.get('/home/portfolio', requireSignIn(context.dataSource, context.clock), async (req, res) => {
    const place = await portfolioPlaceOf(context.dataSource, actorOf(req), context.clock.now());
    res.redirect(303, `${req.basePath}${place}`);
  });
  return router;
}
