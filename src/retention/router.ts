import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { schoolParams } from '../http/route-params.js';
import { validated } from '../http/validated.js';
import { changeLeavingDelay } from './change-leaving-delay.js';
import { changeDpoContact, DPO_CONTACT_MAX } from '../legal/change-dpo-contact.js';
import { describeRetentionTable } from './describe-delays.js';
import { placeLegalHold, releaseLegalHold } from './legal-holds.js';
import { LEAVING_DELAY_BOUNDS } from './retention-delays.js';
import { readRetentionPlan } from './retention-plan.js';
import { dateTimeFormat } from '../i18n/intl-formats.js';

const delayForm = z.object({ retentionDaysAfterLeaving: z.coerce.number().int() });
const holdForm = z.object({ pupilId: z.uuid(), reason: z.string().max(2000).default('') });
const holdParams = z.object({ schoolId: z.uuid(), holdId: z.uuid() });
const dpoForm = z.object({ dpoContact: z.string().max(2000).default('') });
/** Codes the page shows beside the form rather than as an error page. */
const FORM_ERRORS = new Set(['RETENTION_DELAY_OUT_OF_BOUNDS', 'LEGAL_HOLD_REASON_REQUIRED', 'VALIDATION_FAILED']);

/** `/schools/:schoolId/retention`: what the school deletes and when; the delay after leaving; legal holds. */
export function createRetentionRouter(context: ModuleContext): Router {
  const router = Router();
  const signedIn = requireSignIn(context.dataSource, context.clock);

  async function render(req: Request, res: Response, schoolId: string, state: { saved?: boolean; error?: string; holdPupilId?: string } = {}) {
    const plan = await readRetentionPlan(context, actorOf(req), schoolId);
    const day = dateTimeFormat(req.language, { dateStyle: 'long', timeZone: plan.timezone });
    res
      .set('Cache-Control', 'private, no-store')
      .status(state.error ? 400 : 200)
      .render('retention/school', {
        title: req.t('retention.title'),
        stylesheets: ['/static/retention.css'],
        schoolId,
        schoolName: plan.schoolName,
        delay: plan.leavingDelayDays,
        dpoContact: plan.dpoContact ?? '',
        dpoMax: DPO_CONTACT_MAX,
        bounds: LEAVING_DELAY_BOUNDS,
        saved: state.saved,
        error: state.error ? req.t(`errors.${state.error}`) : undefined,
        holdPupilId: state.holdPupilId,
        leavers: plan.leavers.map((leaver) => ({
          ...leaver,
          name: `${leaver.givenName} ${leaver.familyName}`,
          rolesText: leaver.roles.map((role) => req.t(`retention.roles.${role}`)).join(', '),
          leftOn: day.format(leaver.leftAt),
          deletedOn: day.format(leaver.deleteAfter),
          isPupil: leaver.roles.includes('pupil'),
        })),
        holds: plan.holds.map((hold) => ({ ...hold, placedOn: day.format(hold.placedAt) })),
        messages: { threads: plan.messages.threads, on: day.format(plan.messages.nextDeletion) },
        table: describeRetentionTable(req.t, plan.table),
      });
  }

  const formError = (error: unknown): string => {
    if (error instanceof AppError && FORM_ERRORS.has(error.code)) return error.code;
    throw error;
  };

  router.get('/schools/:schoolId/retention', signedIn, validated({ params: schoolParams }, async ({ params }, req, res) => {
    await render(req, res, params.schoolId, { saved: req.query.saved === '1' });
  }));

  router.post('/schools/:schoolId/retention/delay', signedIn, validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    const parsed = delayForm.safeParse(req.body);
    try {
      await changeLeavingDelay(context, actorOf(req), schoolId, parsed.success ? parsed.data.retentionDaysAfterLeaving : Number.NaN);
      res.redirect(303, `${req.basePath}/schools/${schoolId}/retention?saved=1`);
    } catch (error) {
      await render(req, res, schoolId, { error: formError(error) });
    }
  }));

  router.post('/schools/:schoolId/retention/dpo', signedIn, validated({ params: schoolParams, body: dpoForm }, async ({ params: { schoolId }, body }, req, res) => {
    try {
      await changeDpoContact(context, actorOf(req), schoolId, body.dpoContact);
      res.redirect(303, `${req.basePath}/schools/${schoolId}/retention?saved=1`);
    } catch (error) {
      await render(req, res, schoolId, { error: formError(error) });
    }
  }));

  router.post('/schools/:schoolId/retention/holds', signedIn, validated({ params: schoolParams, body: holdForm }, async ({ params: { schoolId }, body }, req, res) => {
    try {
      await placeLegalHold(context, actorOf(req), schoolId, body.pupilId, body.reason);
      res.redirect(303, `${req.basePath}/schools/${schoolId}/retention?saved=1`);
    } catch (error) {
      await render(req, res, schoolId, { error: formError(error), holdPupilId: body.pupilId });
    }
  }));

  router.post('/schools/:schoolId/retention/holds/:holdId/release', signedIn, validated({ params: holdParams }, async ({ params: { schoolId, holdId } }, req, res) => {
    await releaseLegalHold(context, actorOf(req), schoolId, holdId);
    res.redirect(303, `${req.basePath}/schools/${schoolId}/retention?saved=1`);
  }));
  return router;
}
