import { inForce } from '../directory/in-force.js';
import { sqlInstant } from '../db/sql-values.js';
import { column, queryRows, rowReader, type RawQueries } from '../db/row-reader.js';

/**
 * A family as the survey counts them: guardians and children linked by the school's guardianships
 * in force (full authority or information only), closed under "shares a child" — two parents and
 * their three children are one family, whatever the number of links.
 */
export interface SurveyFamily {
  /** The smallest id among its children: stable while the family's links do not change. */
  readonly key: string;
  readonly guardianIds: readonly string[];
  readonly childIds: readonly string[];
  /** The classes of the school its children are enrolled in now. */
  readonly classIds: readonly string[];
}

const readLink = rowReader({ guardianId: column.text, childId: column.text, classId: column.nullableText });

/** The school's families now, each once. */
export async function schoolFamilies(database: RawQueries, schoolId: string, now: Date): Promise<SurveyFamily[]> {
  const at = sqlInstant(now);
  const links = await queryRows(
    database,
    readLink,
    `SELECT g.guardianId AS guardianId, g.childId AS childId, e.classId AS classId
       FROM guardianship g
       LEFT JOIN enrolment e ON e.pupilId = g.childId AND e.schoolId = g.schoolId AND ${inForce('e')}
      WHERE g.schoolId = ? AND g.approval = 'approved' AND g.status <> 'noAccess' AND ${inForce('g', 'effectiveFrom', 'effectiveTo')}`,
    [at, at, schoolId, at, at],
  );
  // Union-find over guardians and children (ids are UUIDs: one namespace for both).
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(id, root);
    return root;
  };
  for (const link of links) {
    if (!parent.has(link.guardianId)) parent.set(link.guardianId, link.guardianId);
    if (!parent.has(link.childId)) parent.set(link.childId, link.childId);
    const a = find(link.guardianId);
    const b = find(link.childId);
    if (a !== b) parent.set(a, b);
  }
  const groups = new Map<string, { guardians: Set<string>; children: Set<string>; classes: Set<string> }>();
  for (const link of links) {
    const root = find(link.childId);
    const group = groups.get(root) ?? { guardians: new Set<string>(), children: new Set<string>(), classes: new Set<string>() };
    group.guardians.add(link.guardianId);
    group.children.add(link.childId);
    if (link.classId) group.classes.add(link.classId);
    groups.set(root, group);
  }
  return [...groups.values()].map((group) => {
    const childIds = [...group.children].sort();
    return { key: childIds[0]!, guardianIds: [...group.guardians].sort(), childIds, classIds: [...group.classes].sort() };
  });
}

/** The family a guardian belongs to in the school now, or null. */
export async function familyOfGuardian(database: RawQueries, schoolId: string, guardianId: string, now: Date): Promise<SurveyFamily | null> {
  return (await schoolFamilies(database, schoolId, now)).find((family) => family.guardianIds.includes(guardianId)) ?? null;
}
