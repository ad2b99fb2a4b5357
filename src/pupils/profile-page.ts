import type { DescribedProblem } from '../http/error-handler.js';
import type { PupilProfile } from './profile.js';

/** A form as the page shows it: open or closed, the values to put back, errors by field. */
interface FormState {
  readonly open: boolean;
  readonly values: Readonly<Record<string, string>>;
  readonly errors: Readonly<Record<string, string>>;
}

/** A submission that failed validation, to show again with its errors and what was typed. */
export interface FailedSubmission {
  readonly form: 'status' | 'consent';
  /** For the status form: whose status it was. */
  readonly guardianId?: string;
  readonly values: unknown;
  readonly problems: readonly DescribedProblem[];
}

function textValues(values: unknown): Record<string, string> {
  if (!values || typeof values !== 'object') return {};
  return Object.fromEntries(
    Object.entries(values as Record<string, unknown>).filter(([key, value]) => key !== '_csrf' && typeof value === 'string'),
  ) as Record<string, string>;
}

function failedState(failed: FailedSubmission): FormState {
  return {
    open: true,
    values: textValues(failed.values),
    errors: Object.fromEntries(failed.problems.map((problem) => [problem.field, problem.message])),
  };
}

/**
 * The view model of a pupil's page: the profile, and the state of each form on it — the one that
 * failed is open again with its errors next to its fields and the values typed kept.
 */
export function profilePageModel(profile: PupilProfile, failed?: FailedSubmission) {
  return {
    profile,
    guardians: profile.guardians.map((guardian) => ({
      ...guardian,
      form:
        failed?.form === 'status' && failed.guardianId === guardian.guardianId
          ? failedState(failed)
          : { open: false, values: { status: guardian.status }, errors: {} },
    })),
    consentForm:
      failed?.form === 'consent'
        ? failedState(failed)
        : { open: false, values: { scope: profile.imageConsent?.scope ?? 'none' }, errors: {} },
    errorSummary: failed?.problems ?? [],
  };
}
