import { Router } from 'express';
import { z } from 'zod';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { schoolParams } from '../http/route-params.js';
import { validated } from '../http/validated.js';
import { loadSchoolFacts } from '../messaging/school-facts.js';
import { pageGroups } from './engagement-page.js';
import { familyCards } from './families-page.js';
import { listFamiliesToReach } from './families-to-reach.js';
import { ENGAGEMENT_PERIODS } from './period.js';
import { recordReachAction } from './record-reach-action.js';
import { renderTrimesterReport } from './trimester-report.js';
import { viewEngagement } from './view-engagement.js';

/** `?period=`: the span the figures are read over; the trimester in progress unless said. */
export const periodQuery = z.object({ period: z.enum(ENGAGEMENT_PERIODS).default('trimester') });

/** `/schools/:schoolId/engagement/families/:guardianId/actions`. */
export const reachActionParams = z.object({ schoolId: z.uuid(), guardianId: z.uuid() });

const STYLESHEETS = ['/static/engagement.css'];

/**
 * `/schools/:schoolId/engagement`: how far the school reaches its families, per class and for
 * the school, with trends; the families to reach and the actions taken; the trimester's report.
 */
export function createEngagementRouter(context: ModuleContext): Router {
  const router = Router();
  const signedIn = requireSignIn(context.dataSource, context.clock);

  router.get('/schools/:schoolId/engagement', signedIn, validated({ params: schoolParams, query: periodQuery }, async ({ params: { schoolId }, query: { period } }, req, res) => {
    const view = await viewEngagement(context, actorOf(req), schoolId, period);
    res
      .set('Cache-Control', 'private, no-store')
      .render('engagement/index', {
        title: req.t('engagement.title'),
        stylesheets: STYLESHEETS,
        timezone: view.timezone,
        schoolId,
        schoolName: view.schoolName,
        start: view.start,
        periods: ENGAGEMENT_PERIODS.map((value) => ({ value, label: req.t(`engagement.period.${value}`), selected: value === period })),
        mayListFamilies: view.mayListFamilies,
        groups: pageGroups(req.t, req.language, view),
      });
  }));

  router.get('/schools/:schoolId/engagement/report.pdf', signedIn, validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    const view = await viewEngagement(context, actorOf(req), schoolId, 'trimester');
    const pdf = await renderTrimesterReport(
      req.language,
      req.t,
      {
        schoolName: view.schoolName,
        title: req.t('engagement.report.title'),
        span: req.t('engagement.report.span', { start: view.start.toISOString().slice(0, 10), end: view.end.toISOString().slice(0, 10) }),
        smallGroupRule: req.t('engagement.smallGroupRule'),
      },
      pageGroups(req.t, req.language, view),
    );
    res.set('Cache-Control', 'private, no-store').type('application/pdf').attachment('engagement-trimester.pdf').send(pdf);
  }));

  router.get('/schools/:schoolId/engagement/families', signedIn, validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    const actor = actorOf(req);
    // The list asks the policy first; the school's name and zone are read once it answered.
    const families = await listFamiliesToReach(context, actor, schoolId);
    const school = (await loadSchoolFacts(context.dataSource, schoolId))!;
    res
      .set('Cache-Control', 'private, no-store')
      .render('engagement/families', {
        title: req.t('engagement.families.title'),
        stylesheets: STYLESHEETS,
        timezone: school.timezone,
        schoolId,
        schoolName: school.name,
        recorded: req.query.recorded === '1',
        families: familyCards(req.t, families),
      });
  }));

  router.post('/schools/:schoolId/engagement/families/:guardianId/actions', signedIn, validated({ params: reachActionParams }, async ({ params: { schoolId, guardianId } }, req, res) => {
    const form = req.body as Record<string, unknown>;
    await recordReachAction(context, actorOf(req), schoolId, guardianId, { classId: form.classId, action: form.action, note: form.note });
    res.redirect(303, `${req.basePath}/schools/${schoolId}/engagement/families?recorded=1`);
  }));

  return router;
}
