import { Router, type Request, type Response } from 'express';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { describeProblem } from '../http/error-handler.js';
import { AppError } from '../http/errors.js';
import { parseInput } from '../http/parse-input.js';
import { schoolParams } from '../http/route-params.js';
import { validated } from '../http/validated.js';
import { can } from '../policy/can.js';
import { loadPortfolioRules, portfolioRulesInput, savePortfolioRules, type PortfolioRules } from './portfolio-rules.js';

const STYLESHEETS = ['/static/survey.css'];
/** Slot rows on the form: enough for a school publishing every school day. */
const SLOT_ROWS = 5;

/** `/schools/:schoolId/portfolio-settings`: the portfolio's rules, chosen by the director. */
export function createSchoolRulesRouter(context: ModuleContext): Router {
  const router = Router();
  const signedIn = requireSignIn(context.dataSource, context.clock);

  async function render(req: Request, res: Response, schoolId: string, saved: boolean, shown?: PortfolioRules, problems: ReturnType<typeof describeProblem>[] = []) {
    const actor = actorOf(req);
    const rules = shown ?? (await loadPortfolioRules(context, actor, schoolId));
    const weekday = new Intl.DateTimeFormat(req.language, { weekday: 'long', timeZone: 'UTC' });
    const days = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ value: day, label: weekday.format(new Date(Date.UTC(2024, 0, day))) }));
    res
      .set('Cache-Control', 'private, no-store')
      .status(problems.length > 0 ? 400 : 200)
      .render('school-rules/portfolio', {
        title: req.t('schoolRules.portfolio.title'),
        stylesheets: STYLESHEETS,
        schoolId,
        saved,
        problems,
        rules,
        canUpdate: can(actor, 'update', { kind: 'schoolSettings', schoolId }),
        slots: Array.from({ length: SLOT_ROWS }, (_, index) => {
          const slot = rules.publicationSlots[index];
          return { index, number: index + 1, time: slot?.time ?? '', days: days.map((day) => ({ ...day, selected: slot?.weekday === day.value })) };
        }),
      });
  }

  router.get('/schools/:schoolId/portfolio-settings', signedIn, validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    await render(req, res, schoolId, req.query.saved === '1');
  }));

  router.post('/schools/:schoolId/portfolio-settings', signedIn, validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    const form = req.body as Record<string, string | undefined>;
    const publicationSlots = Array.from({ length: SLOT_ROWS }, (_, index) => ({ weekday: form[`slotDay${index}`] ?? '', time: form[`slotTime${index}`] ?? '' }))
      .filter((slot) => slot.weekday !== '' || slot.time !== '')
      .map((slot) => ({ weekday: Number(slot.weekday), time: slot.time }));
    const candidate = {
      publicationSlots,
      evaluationDelayHours: Number(form.evaluationDelayHours),
      featureEveryDays: Number(form.featureEveryDays),
      commentsNeedApproval: form.commentsNeedApproval === 'on',
      pupilPostsAllowed: form.pupilPostsAllowed === 'on',
    };
    try {
      await savePortfolioRules(context, actorOf(req), schoolId, parseInput(portfolioRulesInput, candidate));
      res.redirect(303, `${req.basePath}/schools/${schoolId}/portfolio-settings?saved=1`);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
      const current = await loadPortfolioRules(context, actorOf(req), schoolId);
      const shown = { ...current, ...candidate, publicationSlots: publicationSlots.filter((slot) => slot.weekday >= 1 && slot.weekday <= 7) };
      await render(req, res, schoolId, false, shown, error.fields.map((problem) => describeProblem(req.t, problem)));
    }
  }));
  return router;
}
