import type { DataSource, EntityManager } from 'typeorm';
import { sameComparableName } from '../auth/find-pupil-by-claim.js';

/** A guardian the school already recorded for the child, whose names are those of the person proposed. */
export interface LikelySameGuardian {
  readonly personId: string;
  readonly name: string;
}

interface CandidateRow {
  linkId: string;
  proposedGiven: string;
  proposedFamily: string;
  personId: string;
  givenName: string;
  familyName: string;
}

/**
 * For each pending link of a school (or one of them), the guardians the school already has for
 * the same child under the same names: most likely the same person, who signed in with an
 * account the school's records did not know (ÉduConnect's FrEduVecteur names the child, not the
 * parent's record). Approving the proposal would make them a second guardian record of the child;
 * the director may merge the two instead (`mergeProposedGuardian`). Names compare without case,
 * accents or punctuation; a rejected link does not count.
 */
export async function likelySameGuardians(
  db: DataSource | EntityManager,
  schoolId: string,
  linkId?: string,
): Promise<Map<string, LikelySameGuardian[]>> {
  const rows = (await db.query(
    `SELECT g.id AS linkId, gp.givenName AS proposedGiven, gp.familyName AS proposedFamily,
            o.guardianId AS personId, op.givenName AS givenName, op.familyName AS familyName
       FROM guardianship g
       JOIN person gp ON gp.id = g.guardianId
       JOIN guardianship o ON o.schoolId = g.schoolId AND o.childId = g.childId AND o.guardianId <> g.guardianId AND o.approval <> 'rejected'
       JOIN person op ON op.id = o.guardianId
      WHERE g.schoolId = ? AND g.approval = 'pending'${linkId ? ' AND g.id = ?' : ''}
      ORDER BY g.id, op.familyName, op.givenName, o.guardianId`,
    [schoolId, ...(linkId ? [linkId] : [])],
  )) as CandidateRow[];
  const byLink = new Map<string, LikelySameGuardian[]>();
  for (const row of rows) {
    if (!sameComparableName(row.givenName, row.proposedGiven) || !sameComparableName(row.familyName, row.proposedFamily)) continue;
    const candidates = byLink.get(row.linkId) ?? [];
    if (!candidates.some((candidate) => candidate.personId === row.personId)) {
      candidates.push({ personId: row.personId, name: `${row.givenName} ${row.familyName}` });
    }
    byLink.set(row.linkId, candidates);
  }
  return byLink;
}
