import type { DataSource } from 'typeorm';
import { findClass, type ClassOverview } from '../directory/classes.js';
import { classRoster } from '../directory/roster.js';
import { notFound } from '../http/errors.js';
import type { ImageConsentPurpose, ImageConsentScope } from '../model/roles.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { presentGuardians, type VisibleGuardian } from '../pupils/present-guardian.js';

/** A class list as its teachers, its director and the school staff see it. */
interface ClassRosterView {
  readonly class: ClassOverview;
  readonly pupils: readonly {
    id: string;
    givenName: string;
    familyName: string;
    imageConsent: ImageConsentScope | null;
    /** For each purpose, what the teacher must respect before using a photo (null: not theirs to see). */
    imageConsents: Readonly<Record<ImageConsentPurpose, ImageConsentScope>> | null;
    guardians: readonly VisibleGuardian[];
  }[];
}

/** The pupils of a class with their guardians and image rights, for those allowed to see the list. */
export async function loadClassRoster(dataSource: DataSource, actor: Actor, classId: string, now: Date): Promise<ClassRosterView> {
  const klass = await findClass(dataSource, classId, now);
  if (!klass || !can(actor, 'viewRoster', { kind: 'class', schoolId: klass.schoolId, classId })) throw notFound();
  const roster = await classRoster(dataSource, klass.schoolId, classId, now);
  return {
    class: klass,
    pupils: roster.map((pupil) => {
      const facts = { schoolId: klass.schoolId, pupilId: pupil.id, classIds: [classId] };
      return {
        id: pupil.id,
        givenName: pupil.givenName,
        familyName: pupil.familyName,
        imageConsent: can(actor, 'view', { kind: 'imageConsent', ...facts }) ? pupil.imageConsent : null,
        imageConsents: can(actor, 'view', { kind: 'imageConsent', ...facts }) ? pupil.imageConsents : null,
        guardians: presentGuardians(actor, facts, pupil.guardians),
      };
    }),
  };
}
