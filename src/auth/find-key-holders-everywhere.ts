import type { EntityManager } from 'typeorm';
import type { DirectoryKey, NormalizedIdentity } from '../connectors/contract.js';
import { AAF_JOIN_KEY_ISSUER, directoryKeySubject, roleOfKind } from './directory-keys.js';
import { sameComparableName } from './find-pupil-by-claim.js';
import { readIdRow } from '../db/common-rows.js';
import { queryRows } from '../db/row-reader.js';

/** Subjects asked for in one statement (schools × keys), well under every engine's limit on parameters. */
const SUBJECTS_PER_QUERY = 500;

interface HolderRow {
  personId: string;
  subject: string;
  schoolId: string;
  role: string;
  givenName: string;
  familyName: string;
}

/**
 * The people holding one of the keys in any school, with the role its kind implies there, and
 * whose names agree with the identity's (compared without case, accents or punctuation).
 *
 * Why the names too: a school's records do not say which académie their ids come from, and each
 * académie numbers its pupils and responsible adults from its own sequences. Within the schools a
 * sign-in names, the key is enough (one school, one académie); across every school of a shared
 * deployment, the same digits may belong to a stranger of another académie, and attaching to them
 * would give a parent someone else's children. The names the académie directory gives ÉduConnect
 * are those of the school's records, so the right person still matches. An identity without both
 * names matches nobody here.
 */
export async function findKeyHoldersInEverySchool(manager: EntityManager, keys: readonly DirectoryKey[], identity: NormalizedIdentity): Promise<Set<string>> {
  const { givenName, familyName } = identity;
  if (!givenName || !familyName) return new Set();
  const schools = await queryRows(manager, readIdRow, 'SELECT id FROM school');
  const expected = new Map<string, { schoolId: string; role: string }>();
  for (const school of schools) {
    for (const key of keys) expected.set(directoryKeySubject(school.id, key.kind, key.key), { schoolId: school.id, role: roleOfKind(key.kind) });
  }
  const subjects = [...expected.keys()];
  const owners = new Set<string>();
  for (let start = 0; start < subjects.length; start += SUBJECTS_PER_QUERY) {
    const chunk = subjects.slice(start, start + SUBJECTS_PER_QUERY);
    const rows = (await manager.query(
      `SELECT x.personId AS personId, x.subject AS subject, m.schoolId AS schoolId, m.role AS role, p.givenName AS givenName, p.familyName AS familyName
         FROM external_identity x
         JOIN school_membership m ON m.personId = x.personId
         JOIN person p ON p.id = x.personId
        WHERE x.issuer = ? AND x.subject IN (${chunk.map(() => '?').join(', ')})`,
      [AAF_JOIN_KEY_ISSUER, ...chunk],
    )) as HolderRow[];
    for (const row of rows) {
      const wanted = expected.get(row.subject);
      if (wanted === undefined || wanted.schoolId !== row.schoolId || wanted.role !== row.role) continue;
      if (sameComparableName(row.givenName, givenName) && sameComparableName(row.familyName, familyName)) owners.add(row.personId);
    }
  }
  return owners;
}
