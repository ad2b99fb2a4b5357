import { newId } from '../model/columns.js';
import type { Guardianship } from '../model/guardianship.js';

/** Who claims to be whose guardian, and how far the school's records already vouch for it. */
interface LinkClaim {
  readonly schoolId: string;
  readonly guardianId: string;
  readonly childId: string;
  readonly approval: Guardianship['approval'];
  readonly source: Guardianship['source'];
  readonly recordedById: string | null;
}

/**
 * A new link a parent's claim opens (an identity provider's, an invite code's), from `now`: full
 * authority with no rank, relationship or legal basis, since only the school's records or a
 * director's decision can say more. Restrictions come from those, never from a claim.
 */
export function claimedLink(claim: LinkClaim, now: Date): Guardianship {
  return {
    id: newId(),
    ...claim,
    status: 'full',
    guardianRank: null,
    relationship: null,
    legalBasisKind: null,
    legalBasisReference: null,
    legalBasisDate: null,
    effectiveFrom: now,
    effectiveTo: null,
    createdAt: now,
  };
}
