import type { PupilFacts } from '../../directory/pupil-facts.js';
import { newId } from '../../model/columns.js';
import { emptyActor, guardianshipKey, type Actor } from '../../policy/actor.js';

/**
 * The child's family as the policy sees it: a guardian of this child only, with nobody else's
 * rights. An export is what this family may see, whoever downloads it — a teacher sees every photo
 * of the class, but the archive is carried to the next school and shown to the family there, so
 * it must not widen the image rights that held here.
 */
export function familyViewerOf(pupil: PupilFacts): Actor {
  return {
    ...emptyActor(newId()),
    rolesBySchool: new Map([[pupil.schoolId, new Set(['parent'] as const)]]),
    guardianships: new Map([[guardianshipKey(pupil.schoolId, pupil.id), 'full' as const]]),
    followedChildClassIds: new Set(pupil.classIds),
  };
}
