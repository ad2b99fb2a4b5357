import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';

/** The school's participation figures are for its director: asked of the policy as a whole-school round's figures. */
export function isDirectorOf(actor: Actor, schoolId: string): boolean {
  return can(actor, 'viewFigures', { kind: 'meetingCampaign', schoolId, classIds: [], hostIds: [] });
}
