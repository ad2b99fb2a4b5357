import type { DataSource } from 'typeorm';
import { findPupilInEverySchool, type PupilFacts } from '../directory/pupil-facts.js';
import { notFound } from '../http/errors.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import type { ActionOn } from '../policy/resources.js';

/**
 * The pupil whose portfolio the actor may `action` (view, export, contribute), in whichever of the
 * pupil's schools allows it. Absent and forbidden both answer NOT_FOUND.
 */
export async function findPortfolioPupil(
  dataSource: DataSource,
  actor: Actor,
  pupilId: string,
  action: ActionOn<'portfolio'>,
  now: Date,
): Promise<PupilFacts> {
  for (const pupil of await findPupilInEverySchool(dataSource, pupilId, now)) {
    if (can(actor, action, { kind: 'portfolio', schoolId: pupil.schoolId, pupilId, classIds: pupil.classIds })) return pupil;
  }
  throw notFound();
}
