import type { EntityManager } from 'typeorm';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { ChildClaim } from '../connectors/contract.js';
import { sqlInstant } from '../db/sql-values.js';
import { claimedLink } from '../guardianship/claimed-link.js';
import { Guardianship, type GuardianshipSource, type School } from '../model/index.js';
import { readSchoolSettings } from '../model/school-settings.js';
import type { PupilMatch } from './find-pupil-by-claim.js';
import { readCountRow } from '../db/common-rows.js';
import { queryRows } from '../db/row-reader.js';

/** What came of one claimed child. */
type LinkOutcome = 'linked' | 'pending' | 'untouched';

/** Who claims the link, for the row and its audit event. */
interface Claimant {
  readonly guardianId: string;
  readonly connectorId: string;
  readonly origin: GuardianshipSource;
}

/**
 * Whether the child has, in this school, a restricted link (information only, no access) in force
 * or decided for later, approved or waiting. Such a child is under a decision the school recorded;
 * a sign-in never adds a link the school has not seen next to it.
 */
async function childUnderRestriction(manager: EntityManager, schoolId: string, childId: string, now: Date): Promise<boolean> {
  const rows = await queryRows(manager, readCountRow, `SELECT COUNT(*) AS n FROM guardianship
      WHERE schoolId = ? AND childId = ? AND status <> 'full' AND approval <> 'rejected' AND (effectiveTo IS NULL OR effectiveTo > ?)`,
    [schoolId, childId, sqlInstant(now)]);
  return Number(rows[0]?.n ?? 0) > 0;
}

/**
 * Links a guardian to a child unless a link of any status already exists between them (it is then
 * left as it is: a restriction is never lifted by a sign-in). A new link is approved only when
 * the claim is trusted (authoritative, or proposed in a school that trusts ÉduConnect's links),
 * the child was found by account or directory key (never by names alone), and no restriction the
 * school recorded is in force for the child (a parent kept away by a decision could otherwise
 * come back under a second account). Otherwise it waits, pending, for the director.
 */
export async function linkChild(
  manager: EntityManager,
  claimant: Claimant,
  match: PupilMatch,
  school: School,
  claim: ChildClaim,
  now: Date,
): Promise<LinkOutcome> {
  const { guardianId } = claimant;
  const childId = match.pupilId;
  const existing = await manager.find(Guardianship, {
    where: { schoolId: school.id, guardianId, childId },
    order: { effectiveFrom: 'DESC', createdAt: 'DESC', id: 'DESC' },
  });
  const latest = existing[0];
  if (latest) {
    if (latest.approval === 'pending') return 'pending';
    return latest.approval === 'approved' && latest.status !== 'noAccess' ? 'linked' : 'untouched';
  }

  const trustedClaim = claim.trust === 'authoritative' || readSchoolSettings(school).identity.trustEduConnectLinks;
  const nearRestriction = await childUnderRestriction(manager, school.id, childId, now);
  const approved = trustedClaim && match.matchedBy !== 'names' && !nearRestriction;
  const link = claimedLink({ schoolId: school.id, guardianId, childId, approval: approved ? 'approved' : 'pending', source: claimant.origin, recordedById: null }, now);
  await manager.insert(Guardianship, link);
  await recordAuditEvent(manager, {
    schoolId: school.id,
    actorId: null,
    action: approved ? 'guardianship.linkedBySource' : nearRestriction ? 'guardianship.proposedNearRestriction' : 'guardianship.proposedBySource',
    subjectKind: 'guardianship',
    subjectId: link.id,
    detail: { guardianId, childId, trust: claim.trust, matchedBy: match.matchedBy, connectorId: claimant.connectorId },
    at: now,
  });
  return approved ? 'linked' : 'pending';
}
