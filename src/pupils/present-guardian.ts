import type { GuardianLink } from '../directory/guardians.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';

/** A guardian as the viewer may see them: the court reference only for those allowed. */
export interface VisibleGuardian {
  readonly guardianId: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly status: GuardianLink['status'];
  readonly relationship: string | null;
  readonly preferredLanguage: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly legalBasis: { kind: string | null; reference: string | null; date: string | null } | null;
  readonly canUpdate: boolean;
}

/** The facts about a child that guardianship resources need. */
interface ChildFacts {
  readonly schoolId: string;
  readonly pupilId: string;
  readonly classIds: readonly string[];
}

/** Keeps the guardians the actor may see, each cut to what the actor may see of them. */
export function presentGuardians(actor: Actor, child: ChildFacts, links: readonly GuardianLink[]): VisibleGuardian[] {
  return links.flatMap((link) => {
    const resource = { kind: 'guardianship', ...child, guardianId: link.guardianId } as const;
    if (!can(actor, 'view', resource)) return [];
    return [
      {
        guardianId: link.guardianId,
        givenName: link.givenName,
        familyName: link.familyName,
        status: link.status,
        relationship: link.relationship,
        preferredLanguage: link.preferredLanguage,
        email: link.email,
        phone: link.phone,
        legalBasis: can(actor, 'viewLegalBasis', resource)
          ? { kind: link.legalBasisKind, reference: link.legalBasisReference, date: link.legalBasisDate }
          : null,
        canUpdate: can(actor, 'update', resource),
      },
    ];
  });
}
