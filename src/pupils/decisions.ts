import type { DataSource } from 'typeorm';
import { recordImageConsent } from '../consent/record-image-consent.js';
import { changeGuardianshipStatus } from '../guardianship/change-status.js';
import { AppError, type FieldProblem } from '../http/errors.js';
import { endOfLocalDay } from '../school-year/local-time.js';
import { guardianshipKey, type Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import type { GuardianshipStatusInput, ImageConsentInput } from './inputs.js';
import { findVisiblePupil } from './profile.js';

/** The director records a guardian's new status (a court decision, an agreement). */
export async function setGuardianshipStatus(
  dataSource: DataSource,
  actor: Actor,
  pupilId: string,
  guardianId: string,
  input: GuardianshipStatusInput,
  now: Date,
): Promise<void> {
  const pupil = await findVisiblePupil(dataSource, actor, pupilId, now);
  const resource = { kind: 'guardianship', schoolId: pupil.schoolId, pupilId, classIds: pupil.classIds, guardianId } as const;
  if (!can(actor, 'update', resource)) throw new AppError('FORBIDDEN');
  await changeGuardianshipStatus(
    dataSource,
    {
      schoolId: pupil.schoolId,
      childId: pupilId,
      guardianId,
      status: input.status,
      legalBasis:
        input.legalBasisKind && input.legalBasisReference && input.legalBasisDate
          ? { kind: input.legalBasisKind, reference: input.legalBasisReference, date: input.legalBasisDate }
          : null,
      recordedById: actor.personId,
    },
    now,
  );
}

/**
 * A guardian with full authority gives or withdraws their own consent; a teacher of the class or
 * the director copies a paper form. A guardian with information only is told why they may not.
 */
export async function setImageConsent(
  dataSource: DataSource,
  actor: Actor,
  pupilId: string,
  input: ImageConsentInput,
  now: Date,
): Promise<void> {
  const pupil = await findVisiblePupil(dataSource, actor, pupilId, now);
  const facts = { schoolId: pupil.schoolId, pupilId, classIds: pupil.classIds };
  if (!can(actor, 'update', { kind: 'imageConsent', ...facts })) {
    const informedOnly = actor.guardianships.get(guardianshipKey(pupil.schoolId, pupilId)) === 'informationOnly';
    throw new AppError(informedOnly ? 'CONSENT_NOT_PARENTAL_AUTHORITY' : 'FORBIDDEN');
  }
  const givenByGuardian = can(actor, 'actAsGuardian', { kind: 'pupil', ...facts });
  // "Valid until 5 July" covers the 5th to its last minute, in the school's time zone; a date
  // already past would record a decision that never takes effect.
  const validTo = input.validTo ? endOfLocalDay(input.validTo, pupil.timezone) : null;
  const problems: FieldProblem[] = [];
  if (validTo && validTo.getTime() <= now.getTime()) problems.push({ field: 'validTo', problem: 'inThePast' });
  // Staff only copy what guardians signed: they say which document.
  if (!givenByGuardian && !input.evidence) problems.push({ field: 'evidence', problem: 'required' });
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { fields: problems });
  await recordImageConsent(
    dataSource,
    {
      schoolId: pupil.schoolId,
      childId: pupilId,
      scope: input.scope,
      purpose: input.purpose ?? null,
      validTo,
      givenById: givenByGuardian ? actor.personId : null,
      recordedById: actor.personId,
      evidence: input.evidence ?? null,
    },
    now,
  );
}
