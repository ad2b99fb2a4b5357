import { z } from 'zod';
import { defineRoute, type ApiRoute } from '../api/api-route.js';
import { actorOf } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { schoolParams } from '../http/route-params.js';
import { changeLeavingDelay } from './change-leaving-delay.js';
import { placeLegalHold, releaseLegalHold } from './legal-holds.js';
import { readRetentionPlan } from './retention-plan.js';
import { RETENTION_KINDS } from './retention-table.js';

const planResponse = z.object({
  leavingDelayDays: z.number().int(),
  leavers: z.array(
    z.object({
      personId: z.uuid(),
      givenName: z.string(),
      familyName: z.string(),
      roles: z.array(z.enum(['pupil', 'teacher', 'guardian', 'staff'])),
      leftAt: z.iso.datetime(),
      deleteAfter: z.iso.datetime(),
      held: z.boolean(),
    }),
  ),
  holds: z.array(z.object({ id: z.uuid(), pupilId: z.uuid(), pupilName: z.string(), reason: z.string(), placedAt: z.iso.datetime() })),
  messages: z.object({ nextDeletion: z.iso.datetime(), threads: z.number().int() }),
  table: z.array(z.object({ kind: z.enum(RETENTION_KINDS), days: z.number().int().nullable(), schoolYears: z.number().int().nullable() })),
});
const delayInput = z.strictObject({ retentionDaysAfterLeaving: z.number().int() });
const holdInput = z.strictObject({ pupilId: z.uuid(), reason: z.string().max(2000) });
const holdParams = z.object({ schoolId: z.uuid(), holdId: z.uuid() });

/** `/api/v1/schools/:schoolId/retention…`: the same doors as the director's retention page. */
export function retentionApiRoutes(context: ModuleContext): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/schools/:schoolId/retention',
      summary: 'Who left and when their data is deleted, legal holds, the next message deletion and every delay (director)',
      tag: 'schools',
      signedIn: true,
      params: schoolParams,
      response: planResponse,
      async handle({ params: { schoolId } }, req, res) {
        const plan = await readRetentionPlan(context, actorOf(req), schoolId);
        res.json({
          leavingDelayDays: plan.leavingDelayDays,
          leavers: plan.leavers,
          holds: plan.holds,
          messages: plan.messages,
          table: plan.table,
        });
      },
    }),
    defineRoute({
      method: 'put',
      path: '/schools/:schoolId/retention/delay',
      summary: 'Set the days after leaving before a person’s data is deleted, 30 to 365 (director; RETENTION_DELAY_OUT_OF_BOUNDS otherwise); audited',
      tag: 'schools',
      signedIn: true,
      params: schoolParams,
      body: delayInput,
      async handle({ params: { schoolId }, body }, req, res) {
        await changeLeavingDelay(context, actorOf(req), schoolId, body.retentionDaysAfterLeaving);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/schools/:schoolId/retention/holds',
      summary: 'Suspend the deletion of a child’s data, with a reason (director; LEGAL_HOLD_REASON_REQUIRED without one); audited',
      tag: 'schools',
      signedIn: true,
      params: schoolParams,
      body: holdInput,
      response: z.object({ id: z.uuid() }),
      async handle({ params: { schoolId }, body }, req, res) {
        res.json({ id: await placeLegalHold(context, actorOf(req), schoolId, body.pupilId, body.reason) });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/schools/:schoolId/retention/holds/:holdId',
      summary: 'Release a legal hold (director); audited',
      tag: 'schools',
      signedIn: true,
      params: holdParams,
      async handle({ params: { schoolId, holdId } }, req, res) {
        await releaseLegalHold(context, actorOf(req), schoolId, holdId);
        res.status(204).end();
      },
    }),
  ];
}
