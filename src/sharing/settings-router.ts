import { Router, type Request, type Response } from 'express';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { describeProblem, type DescribedProblem } from '../http/error-handler.js';
import { AppError } from '../http/errors.js';
import { parseInput } from '../http/parse-input.js';
import { schoolParams } from '../http/route-params.js';
import { validated } from '../http/validated.js';
import { QR_VALIDITY_UNITS } from '../model/qr-validity.js';
import { loadSharingSettings, saveSharingSettings, sharingSettingsInput } from './sharing-settings.js';

/** What the director typed, shown again beside its problems when it was refused. */
interface TypedValidity {
  readonly amount: string;
  readonly unit: string;
}

/** A form field as a number; an empty one stays missing, so it is reported as required. */
function numberOrMissing(value: unknown): number | undefined {
  return typeof value === 'string' && value.trim() !== '' ? Number(value) : undefined;
}

/**
 * `/schools/:schoolId/sharing-settings`: the director sets how long the school's QR codes stay
 * valid, as a number and a unit (hours for one evening's event, days, or months); its staff and
 * teachers read it. A refused value comes back with what was typed and why, and changes nothing.
 */
export function createSharingSettingsRouter(context: ModuleContext): Router {
  const router = Router();
  const { dataSource, clock } = context;
  const signedIn = requireSignIn(dataSource, clock);

  async function renderSettings(req: Request, res: Response, schoolId: string, typed?: TypedValidity, problems: readonly DescribedProblem[] = []): Promise<void> {
    const page = await loadSharingSettings(dataSource, actorOf(req), schoolId);
    const shown = typed ?? { amount: String(page.settings.qrValidity.amount), unit: page.settings.qrValidity.unit };
    res
      .status(problems.length > 0 ? 400 : 200)
      .set('Cache-Control', 'private, no-store')
      .render('sharing/settings', {
        title: req.t('sharing.settings.title'),
        schoolId,
        schoolName: page.schoolName,
        stored: page.settings.qrValidity,
        amount: shown.amount,
        units: QR_VALIDITY_UNITS.map((unit) => ({ value: unit, label: req.t(`sharing.settings.units.${unit}`), selected: unit === shown.unit })),
        canUpdate: page.mayChange,
        saved: req.query.saved === '1',
        problems,
        amountProblem: problems.some((problem) => problem.field === 'qrValidity.amount'),
        unitProblem: problems.some((problem) => problem.field === 'qrValidity.unit'),
      });
  }

  router.get('/schools/:schoolId/sharing-settings', signedIn, validated({ params: schoolParams }, async ({ params }, req, res) => {
    await renderSettings(req, res, params.schoolId);
  }));

  router.post('/schools/:schoolId/sharing-settings', signedIn, validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    const form = req.body as Record<string, unknown>;
    const typed = { amount: typeof form.amount === 'string' ? form.amount : '', unit: typeof form.unit === 'string' ? form.unit : '' };
    try {
      const input = parseInput(sharingSettingsInput, { qrValidity: { amount: numberOrMissing(form.amount), unit: typed.unit } });
      await saveSharingSettings(dataSource, actorOf(req), schoolId, input, clock.now());
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
      await renderSettings(req, res, schoolId, typed, error.fields.map((problem) => describeProblem(req.t, problem)));
      return;
    }
    res.redirect(303, `${req.basePath}/schools/${schoolId}/sharing-settings?saved=1`);
  }));

  return router;
}
