import type { EntityManager } from 'typeorm';
import { comparableName, type ChildClaim } from '../connectors/contract.js';
import { readCalendarDate } from '../db/sql-values.js';
import { AAF_JOIN_KEY_ISSUER, directoryKeySubject } from './directory-keys.js';
import { readPersonIdRow } from '../db/common-rows.js';
import { queryRows } from '../db/row-reader.js';

export { comparableName };

/** True when two names compare equal and say something (an empty comparable name matches nothing). */
export function sameComparableName(a: string, b: string): boolean {
  const left = comparableName(a);
  return left !== '' && left === comparableName(b);
}

/**
 * How a pupil was found. Only `account` (the child's own account at the same issuer) and
 * `directoryKey` (the pupil key of the school's records) designate one child for sure; `names`
 * is a guess the school must confirm, however trusted the source.
 */
export type PupilMatch = { readonly pupilId: string; readonly matchedBy: 'account' | 'directoryKey' | 'names' };

/**
 * Finds the pupil of a school a guardian's claim designates: by the child's own account at the
 * same issuer, else by the pupil's directory key in this school, else by names (and birth date
 * when given) — only when exactly one pupil matches. Never guesses between two; says how it matched.
 */
export async function findPupilByClaim(manager: EntityManager, schoolId: string, issuer: string, claim: ChildClaim): Promise<PupilMatch | undefined> {
  const exact = [
    ['account', issuer, claim.subject],
    ['directoryKey', AAF_JOIN_KEY_ISSUER, claim.externalRef ? directoryKeySubject(schoolId, 'pupil', claim.externalRef) : undefined],
  ] as const;
  for (const [matchedBy, claimIssuer, subject] of exact) {
    if (!subject) continue;
    const rows = await queryRows(manager, readPersonIdRow, `SELECT x.personId AS personId FROM external_identity x
         JOIN school_membership m ON m.personId = x.personId AND m.schoolId = ? AND m.role = 'pupil'
        WHERE x.issuer = ? AND x.subject = ?`,
      [schoolId, claimIssuer, subject]);
    if (rows.length === 1) return { pupilId: rows[0]!.personId, matchedBy };
  }
  if (!claim.givenName || !claim.familyName) return undefined;
  const given = comparableName(claim.givenName);
  const family = comparableName(claim.familyName);
  if (given === '' || family === '') return undefined;

  const candidates = (await manager.query(
    `SELECT p.id AS id, p.givenName AS givenName, p.familyName AS familyName, p.birthDate AS birthDate
       FROM person p JOIN school_membership m ON m.personId = p.id AND m.schoolId = ? AND m.role = 'pupil'`,
    [schoolId],
  )) as { id: string; givenName: string; familyName: string; birthDate: unknown }[];
  const matches = candidates.filter(
    (pupil) =>
      comparableName(pupil.givenName) === given &&
      comparableName(pupil.familyName) === family &&
      (claim.birthDate === undefined || readCalendarDate(pupil.birthDate) === claim.birthDate),
  );
  return matches.length === 1 ? { pupilId: matches[0]!.id, matchedBy: 'names' } : undefined;
}
