import { randomUUID } from 'node:crypto';
import { emptyActor, guardianshipKey, type Actor } from './actor.js';

/**
 * The person holding a child's QR code or personal link, as the policy sees them: the child's
 * family (so they see the published entries and the photos the image rights give that family) and
 * nothing more — `can` refuses them every action but viewing the portfolio. Their id is random:
 * they are nobody in the directory, and no rule can match them by person.
 */
export function sharedViewerOf(pupil: { readonly id: string; readonly schoolId: string; readonly classIds: readonly string[] }): Actor {
  return {
    ...emptyActor(randomUUID()),
    rolesBySchool: new Map([[pupil.schoolId, new Set(['parent'] as const)]]),
    guardianships: new Map([[guardianshipKey(pupil.schoolId, pupil.id), 'full' as const]]),
    followedChildClassIds: new Set(pupil.classIds),
    sharedViewer: true,
  };
}
