import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { actorOf, requireSignIn, safeReturnPath } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { AppError, notFound } from '../http/errors.js';
import { schoolParams } from '../http/route-params.js';
import { validated } from '../http/validated.js';
import { describeProblem } from '../http/error-handler.js';
import { parseInput } from '../http/parse-input.js';
import { nativeLanguageName, UI_LANGUAGES } from '../i18n/languages.js';
import { can } from '../policy/can.js';
import { loadActor } from '../policy/load-actor.js';
import { wantsJson } from '../http/negotiation.js';
import { acknowledgeCharter, pendingCharters } from './acknowledge-charter.js';
import { readCharter } from './read-charter.js';
import { charterInput, saveCharter } from './save-charter.js';

const STYLESHEETS = ['/static/survey.css'];

const charterQuery = z.object({
  original: z.literal('1').optional(),
  saved: z.literal('1').optional(),
  welcome: z.literal('1').optional(),
  next: z.string().max(500).optional(),
});
const homeQuery = z.object({ charter: z.literal('later').optional() });
const acknowledgeBody = z.object({ next: z.string().max(500).optional() });

/**
 * `/schools/:schoolId/charter`: the school's communication charter, written by the director,
 * read in each family's language and acknowledged by each guardian; and, before the home page,
 * the charter a guardian has not acknowledged yet.
 */
export function createCharterRouter(context: ModuleContext): Router {
  const router = Router();
  const signedIn = requireSignIn(context.dataSource, context.clock);
  const page = (res: Response) => res.set('Cache-Control', 'private, no-store');

  // Before the home page: a published charter this guardian has not acknowledged. "Later" lets
  // them by. A step in front of the home page's own route, not a page: it passes on with `next()`,
  // and leaves signing in (and the actor it loads) to that route.
  router.get('/home', async (req, res, next) => {
    const personId = req.ecarnetSession?.personId;
    const later = homeQuery.safeParse(req.query).data?.charter === 'later';
    if (!personId || req.ecarnetSession?.operatorKey || later || wantsJson(req)) {
      next();
      return;
    }
    const pending = await pendingCharters(context, personId, () => loadActor(context.dataSource, personId, context.clock.now()));
    if (pending[0] === undefined) {
      next();
      return;
    }
    res.redirect(303, `${req.basePath}/schools/${pending[0]}/charter?welcome=1&next=${encodeURIComponent(`${req.basePath}/home`)}`);
  });

  // From a family's settings: the charter of their (first) school.
  router.get('/charter', signedIn, async (req, res) => {
    const actor = actorOf(req);
    const schoolId = [...actor.rolesBySchool.keys()].sort().find((id) => can(actor, 'view', { kind: 'charter', schoolId: id }));
    if (schoolId === undefined) throw notFound();
    res.redirect(303, `${req.basePath}/schools/${schoolId}/charter`);
  });

  async function render(req: Request, res: Response, schoolId: string, query: z.infer<typeof charterQuery>, form?: { body: string; language: string; problems: ReturnType<typeof describeProblem>[] }) {
    const charter = await readCharter(context, actorOf(req), schoolId, req.language, query.original === '1');
    const next = query.next === undefined ? undefined : safeReturnPath(req.basePath, query.next);
    const here = `${req.basePath}/schools/${schoolId}/charter`;
    const keep = next === undefined ? '' : `${query.welcome ? 'welcome=1&' : ''}next=${encodeURIComponent(next)}`;
    page(res)
      .status(form ? 400 : 200)
      .render('charter/show', {
        title: req.t('charter.title'),
        stylesheets: STYLESHEETS,
        schoolId,
        charter,
        welcome: query.welcome === '1',
        saved: query.saved === '1',
        next,
        laterHref: `${req.basePath}/home?charter=later`,
        translated: charter.shownAs === 'translated',
        translationUnavailable: charter.shownAs === 'translationUnavailable',
        originalHref: `${here}?original=1${keep ? `&${keep}` : ''}`,
        translationHref: `${here}${keep ? `?${keep}` : ''}`,
        showingOriginal: query.original === '1' && charter.language !== req.language,
        acknowledgedText: charter.acknowledgedAt ? new Intl.DateTimeFormat(req.language, { dateStyle: 'long' }).format(charter.acknowledgedAt) : null,
        form: form ?? { body: charter.body, language: charter.language, problems: [] },
        languages: UI_LANGUAGES.map((code) => ({ code, name: nativeLanguageName(code), selected: code === (form?.language ?? charter.language) })),
      });
  }

  router.get('/schools/:schoolId/charter', signedIn, validated({ params: schoolParams, query: charterQuery }, async ({ params: { schoolId }, query }, req, res) => {
    await render(req, res, schoolId, query);
  }));

  router.post('/schools/:schoolId/charter', signedIn, validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    const body = req.body as Record<string, unknown>;
    const candidate = { body: body.body, language: body.language };
    try {
      await saveCharter(context, actorOf(req), schoolId, parseInput(charterInput, candidate));
      res.redirect(303, `${req.basePath}/schools/${schoolId}/charter?saved=1`);
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== 'VALIDATION_FAILED' && error.code !== 'CHARTER_HARDCODED_SETTING')) throw error;
      const problems =
        error.code === 'VALIDATION_FAILED'
          ? error.fields.map((problem) => describeProblem(req.t, problem))
          : [{ field: 'body', problem: error.code, label: req.t('fields.charterBody'), message: req.t(`errors.${error.code}`) }];
      await render(req, res, schoolId, {}, { body: typeof body.body === 'string' ? body.body : '', language: typeof body.language === 'string' ? body.language : 'fr', problems });
    }
  }));

  router.post('/schools/:schoolId/charter/acknowledge', signedIn, validated({ params: schoolParams, body: acknowledgeBody }, async ({ params: { schoolId }, body }, req, res) => {
    await acknowledgeCharter(context, actorOf(req), schoolId);
    res.redirect(303, body.next === undefined ? `${req.basePath}/schools/${schoolId}/charter` : safeReturnPath(req.basePath, body.next));
  }));

  return router;
}
