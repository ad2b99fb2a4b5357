import { Router, type Response } from 'express';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { parseInput } from '../http/parse-input.js';
import { classParams, pupilParams } from '../http/route-params.js';
import { printWelcomeLetters } from './welcome/print-welcome-letters.js';
import { can } from '../policy/can.js';
import { findPortfolioPupil } from '../portfolio/find-portfolio-pupil.js';
import { bookletInput, printBooklet } from './booklet/print-booklet.js';
import { validated } from '../http/validated.js';

type FormBody = Record<string, string | undefined>;

/**
 * Printouts for families: a child's portfolio booklet for a period, and a class's welcome letters.
 */
export function createPrintoutsRouter(context: ModuleContext): Router {
  const router = Router();
  const { dataSource, clock } = context;
  const signedIn = requireSignIn(dataSource, clock);
  const noStore = (res: Response) => res.set('Cache-Control', 'private, no-store');

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

  return router;
}
