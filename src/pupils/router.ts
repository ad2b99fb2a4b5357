import { Router, type Request, type Response } from 'express';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { describeProblem } from '../http/error-handler.js';
import { AppError } from '../http/errors.js';
import { parseInput } from '../http/parse-input.js';
import { guardianParams, pupilParams } from '../http/route-params.js';
import { validated } from '../http/validated.js';
import { GUARDIANSHIP_STATUSES, IMAGE_CONSENT_PURPOSES, IMAGE_CONSENT_SCOPES, LEGAL_BASIS_KINDS } from '../model/roles.js';
import { setGuardianshipStatus, setImageConsent } from './decisions.js';
import { guardianshipStatusInput, imageConsentInput } from './inputs.js';
import { profilePageModel, type FailedSubmission } from './profile-page.js';
import { loadPupilProfile } from './profile.js';

/**
 * `/pupils/:pupilId`: a child's page (classes, guardians, image rights) cut to what the viewer
 * may see, and the forms of those who may change them. A form that fails validation comes back
 * with its errors beside its fields and what was typed still there.
 */
export function createPupilsRouter(context: ModuleContext): Router {
  const router = Router();
  const signedIn = requireSignIn(context.dataSource, context.clock);

  async function renderProfile(req: Request, res: Response, pupilId: string, failed?: FailedSubmission): Promise<void> {
    const profile = await loadPupilProfile(context.dataSource, actorOf(req), pupilId, context.clock.now());
    res
      .status(failed ? 400 : 200)
      .set('Cache-Control', 'private, no-store')
      .render('pupils/profile', {
        title: `${profile.givenName} ${profile.familyName}`,
        ...profilePageModel(profile, failed),
        saved: req.query.saved === '1',
        statuses: GUARDIANSHIP_STATUSES,
        legalBasisKinds: LEGAL_BASIS_KINDS,
        consentScopes: IMAGE_CONSENT_SCOPES,
        consentPurposes: IMAGE_CONSENT_PURPOSES,
      });
  }

  /** Runs a form's action; on invalid input, shows the page again with the form's errors. */
  async function submitForm(req: Request, res: Response, pupilId: string, form: Omit<FailedSubmission, 'values' | 'problems'>, action: () => Promise<void>) {
    try {
      await action();
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
      const problems = error.fields.map((problem) => describeProblem(req.t, problem));
      await renderProfile(req, res, pupilId, { ...form, values: req.body, problems });
      return;
    }
    res.redirect(303, `${req.basePath}/pupils/${pupilId}?saved=1`);
  }

  router.get('/pupils/:pupilId', signedIn, validated({ params: pupilParams }, async ({ params: { pupilId } }, req, res) => {
    await renderProfile(req, res, pupilId);
  }));

  router.post('/pupils/:pupilId/guardians/:guardianId/status', signedIn, validated({ params: guardianParams }, async ({ params: { pupilId, guardianId } }, req, res) => {
    await submitForm(req, res, pupilId, { form: 'status', guardianId }, async () => {
      const input = parseInput(guardianshipStatusInput, req.body);
      await setGuardianshipStatus(context.dataSource, actorOf(req), pupilId, guardianId, input, context.clock.now());
    });
  }));

  router.post('/pupils/:pupilId/image-consent', signedIn, validated({ params: pupilParams }, async ({ params: { pupilId } }, req, res) => {
    await submitForm(req, res, pupilId, { form: 'consent' }, async () => {
      const input = parseInput(imageConsentInput, req.body);
      await setImageConsent(context.dataSource, actorOf(req), pupilId, input, context.clock.now());
    });
  }));

  return router;
}
