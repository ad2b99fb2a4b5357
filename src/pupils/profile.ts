import type { DataSource } from 'typeorm';
import { listGuardiansOfChildren } from '../directory/guardians.js';
import { narrowerScope } from '../consent/resolve-image-consent.js';
import { imageConsentStates, type ChildImageConsent } from '../directory/image-consents.js';
import { findPupil, schoolsOfPupil, type PupilFacts } from '../directory/pupil-facts.js';
import { listTeachersOfClasses, type TeacherName } from '../directory/teachers-of-classes.js';
import { findClass } from '../directory/classes.js';
import { notFound } from '../http/errors.js';
import { IMAGE_CONSENT_PURPOSES, type ImageConsentPurpose, type ImageConsentScope } from '../model/roles.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { presentGuardians, type VisibleGuardian } from './present-guardian.js';

/** A child's image rights as the viewer sees them: what applies for each purpose, and their own choice. */
interface ProfileImageConsent {
  /** The narrower of the portfolio and class-moment scopes. */
  readonly scope: ImageConsentScope;
  readonly canUpdate: boolean;
  readonly purposes: readonly {
    purpose: ImageConsentPurpose;
    scope: ImageConsentScope;
    yourChoice: ImageConsentScope | null;
    disagreement: boolean;
  }[];
}

/** A pupil's page, already cut to what the viewer may see. */
export interface PupilProfile {
  readonly id: string;
  readonly schoolId: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly classes: readonly { id: string; name: string; teachers: readonly TeacherName[] }[];
  readonly guardians: readonly VisibleGuardian[];
  readonly imageConsent: ProfileImageConsent | null;
  readonly canViewPortfolio: boolean;
}

/**
 * Finds the pupil in a school where the actor may see them. Absent and forbidden look the same
 * (NOT_FOUND), so nobody can learn that a child exists elsewhere.
 */
export async function findVisiblePupil(dataSource: DataSource, actor: Actor, pupilId: string, now: Date): Promise<PupilFacts> {
  for (const schoolId of await schoolsOfPupil(dataSource, pupilId)) {
    const pupil = await findPupil(dataSource, schoolId, pupilId, now);
    if (pupil && can(actor, 'view', { kind: 'pupil', schoolId, pupilId, classIds: pupil.classIds })) return pupil;
  }
  throw notFound();
}

/** Everything about a pupil that the actor may see. */
export async function loadPupilProfile(dataSource: DataSource, actor: Actor, pupilId: string, now: Date): Promise<PupilProfile> {
  const pupil = await findVisiblePupil(dataSource, actor, pupilId, now);
  const facts = { schoolId: pupil.schoolId, pupilId: pupil.id, classIds: pupil.classIds };

  const [guardians, consents, teachers, classes] = await Promise.all([
    listGuardiansOfChildren(dataSource, pupil.schoolId, [pupil.id], now),
    imageConsentStates(dataSource, pupil.schoolId, [pupil.id], now),
    listTeachersOfClasses(dataSource, pupil.classIds, now),
    Promise.all(pupil.classIds.map((id) => findClass(dataSource, id, now))),
  ]);

  const visibleGuardians = presentGuardians(actor, facts, guardians.get(pupil.id) ?? []);

  return {
    id: pupil.id,
    schoolId: pupil.schoolId,
    givenName: pupil.givenName,
    familyName: pupil.familyName,
    classes: classes.flatMap((klass) => (klass ? [{ id: klass.id, name: klass.name, teachers: teachers.get(klass.id) ?? [] }] : [])),
    guardians: visibleGuardians,
    imageConsent: can(actor, 'view', { kind: 'imageConsent', ...facts })
      ? presentImageConsent(actor, consents.get(pupil.id), can(actor, 'update', { kind: 'imageConsent', ...facts }))
      : null,
    canViewPortfolio: can(actor, 'view', { kind: 'portfolio', ...facts }),
  };
}

/** What a viewer allowed to see the child's image rights is shown: never another guardian's choice. */
function presentImageConsent(actor: Actor, state: ChildImageConsent | undefined, canUpdate: boolean): ProfileImageConsent {
  const purposes = IMAGE_CONSENT_PURPOSES.map((purpose) => ({
    purpose,
    scope: state?.[purpose].scope ?? 'none',
    yourChoice: state?.[purpose].choices.get(actor.personId) ?? null,
    disagreement: state?.[purpose].disagreement ?? false,
  }));
  const scopeOf = (purpose: ImageConsentPurpose) => purposes.find((entry) => entry.purpose === purpose)?.scope ?? 'none';
  return { scope: narrowerScope(scopeOf('portfolio'), scopeOf('classMoments')), canUpdate, purposes };
}
