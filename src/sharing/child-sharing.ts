import type { DataSource } from 'typeorm';
import type { PupilFacts } from '../directory/pupil-facts.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { listAccessHistory, withoutOtherGuardiansNames, type AccessLine } from './access-history.js';
import { listGrants, type GrantSummary } from './list-grants.js';
import { findSharingPupil } from './sharing-pupil.js';

/** A child's sharing page: their QR code and links, and who opened the portfolio. */
interface ChildSharing {
  readonly pupil: PupilFacts;
  readonly grants: readonly GrantSummary[];
  readonly history: readonly AccessLine[];
  readonly mayCreateLink: boolean;
  readonly mayInvite: boolean;
  /** The guardian could create links, but the school forbids them. */
  readonly linksForbidden: boolean;
}

/** What the actor may see of a child's sharing: guardians, the class's teachers and the director. */
export async function loadChildSharing(dataSource: DataSource, actor: Actor, pupilId: string, now: Date): Promise<ChildSharing> {
  const sharing = await findSharingPupil(dataSource, actor, pupilId, 'viewHistory', now);
  // The school's side (teachers, director) manages the child's codes; guardians only their links.
  const mayManageCodes = can(actor, 'manageCodes', sharing.resource);
  const mayManage = can(actor, 'manageLinks', sharing.resource) || mayManageCodes;
  return {
    pupil: sharing.pupil,
    grants: mayManage ? await listGrants(dataSource, actor, sharing, now) : [],
    history: mayManageCodes
      ? await listAccessHistory(dataSource, sharing.pupil.schoolId, [sharing.pupil.id])
      : withoutOtherGuardiansNames(await listAccessHistory(dataSource, sharing.pupil.schoolId, [sharing.pupil.id]), actor.personId),
    mayCreateLink: can(actor, 'createLink', sharing.resource),
    mayInvite: can(actor, 'invite', sharing.resource),
    linksForbidden: !sharing.resource.personalLinksAllowed && can(actor, 'createLink', { ...sharing.resource, personalLinksAllowed: true }),
  };
}
