import type { DataSource } from 'typeorm';
import { findPupil, schoolsOfPupil, type PupilFacts } from '../directory/pupil-facts.js';
import { notFound } from '../http/errors.js';
import { School } from '../model/school.js';
import { readSchoolSettings, type SchoolSettings } from '../model/school-settings.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import type { ActionOn, ResourceOf } from '../policy/resources.js';

/** A pupil with the school's sharing settings, as the sharing services need them. */
export interface SharingPupil {
  readonly pupil: PupilFacts;
  readonly settings: SchoolSettings['sharing'];
  readonly resource: ResourceOf<'sharing'>;
}

/** The `sharing` resource of a pupil, built from database rows. */
export async function describeSharing(dataSource: DataSource, schoolId: string, pupilId: string, now: Date): Promise<SharingPupil | undefined> {
  const pupil = await findPupil(dataSource, schoolId, pupilId, now);
  if (!pupil) return undefined;
  const school = await dataSource.getRepository(School).findOneByOrFail({ id: schoolId });
  const settings = readSchoolSettings(school).sharing;
  return {
    pupil,
    settings,
    resource: { kind: 'sharing', schoolId, pupilId, classIds: pupil.classIds, personalLinksAllowed: settings.personalLinksAllowed },
  };
}

/**
 * The pupil whose sharing the actor may `action`, in whichever of the pupil's schools allows it.
 * Absent and forbidden both answer NOT_FOUND.
 */
export async function findSharingPupil(dataSource: DataSource, actor: Actor, pupilId: string, action: ActionOn<'sharing'>, now: Date): Promise<SharingPupil> {
  for (const schoolId of await schoolsOfPupil(dataSource, pupilId)) {
    const found = await describeSharing(dataSource, schoolId, pupilId, now);
    if (found && can(actor, action, found.resource)) return found;
  }
  throw notFound();
}
