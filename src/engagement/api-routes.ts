import { defineRoute, type ApiRoute } from '../api/api-route.js';
import { actorOf } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { schoolParams } from '../http/route-params.js';
import { engagementResponse, familiesToReachResponse, recordedActionResponse } from './api-schemas.js';
import { listFamiliesToReach } from './families-to-reach.js';
import { reachActionInput, recordReachAction } from './record-reach-action.js';
import { periodQuery, reachActionParams } from './router.js';
import { viewEngagement } from './view-engagement.js';

/** The engagement endpoints of `/api/v1`: the figures, the families to reach, an action taken. */
export function engagementApiRoutes(context: ModuleContext): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/schools/:schoolId/engagement',
      summary: 'How far the school reaches its families over a period: the school’s figures and each class’s the caller may see, never per teacher',
      tag: 'engagement',
      signedIn: true,
      params: schoolParams,
      query: periodQuery,
      response: engagementResponse,
      async handle({ params: { schoolId }, query: { period } }, req, res) {
        const view = await viewEngagement(context, actorOf(req), schoolId, period);
        res.json({
          period: view.period,
          start: view.start.toISOString(),
          end: view.end.toISOString(),
          featureEveryDays: view.featureEveryDays,
          school: view.school,
          classes: view.classes,
          paperCopiesRecorded: view.paperCopiesRecorded,
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/schools/:schoolId/engagement/families',
      summary: 'The guardians to reach in the classes the caller teaches (all classes for the director), with a suggested action',
      tag: 'engagement',
      signedIn: true,
      params: schoolParams,
      response: familiesToReachResponse,
      async handle({ params: { schoolId } }, req, res) {
        const families = await listFamiliesToReach(context, actorOf(req), schoolId);
        res.json({ families: families.map((family) => ({ ...family, lastAction: family.lastAction && { ...family.lastAction, at: family.lastAction.at.toISOString() } })) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/schools/:schoolId/engagement/families/:guardianId/actions',
      summary: 'Record an action taken to reach a guardian (print, call, QR sheet given again, meeting)',
      tag: 'engagement',
      signedIn: true,
      params: reachActionParams,
      body: reachActionInput,
      response: recordedActionResponse,
      async handle({ params: { schoolId, guardianId }, body }, req, res) {
        res.json(await recordReachAction(context, actorOf(req), schoolId, guardianId, body));
      },
    }),
  ];
}
