import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import { byNames } from '../i18n/collation.js';
import { can } from '../policy/can.js';
import { mostRestrictive } from '../policy/load-actor.js';
import type { Actor } from '../policy/actor.js';
import { inForce } from './in-force.js';
import { listTeachersOfClasses, type TeacherName } from './teachers-of-classes.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** A class as a family sees it: its name, levels and teachers. */
interface ClassForFamily {
  readonly id: string;
  readonly name: string;
  readonly levels: string | null;
  readonly teachers: readonly TeacherName[];
}

/** A child whom the actor follows as a guardian, with the child's classes now. */
export interface FollowedChild {
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly status: 'full' | 'informationOnly';
  readonly schoolId: string;
  readonly schoolName: string;
  readonly classes: readonly ClassForFamily[];
}

const readChildClassRow = rowReader({
  childId: column.text,
  givenName: column.text,
  familyName: column.text,
  status: column.oneOf(['full', 'informationOnly']),
  schoolId: column.text,
  schoolName: column.text,
  classId: column.nullableText,
  className: column.nullableText,
  levels: column.nullableText,
});
type ChildClassRow = ReturnType<typeof readChildClassRow>;

/** The children and classes query of the parent's home page. */
export const FOLLOWED_CHILDREN_SQL = `
SELECT c.id AS childId, c.givenName AS givenName, c.familyName AS familyName, g.status AS status,
       g.schoolId AS schoolId, s.name AS schoolName, k.id AS classId, k.name AS className, k.levels AS levels
  FROM guardianship g
  JOIN person c ON c.id = g.childId
  JOIN school s ON s.id = g.schoolId
  LEFT JOIN enrolment e ON e.pupilId = g.childId AND e.schoolId = g.schoolId AND ${inForce('e')}
  LEFT JOIN school_class k ON k.id = e.classId
 WHERE g.guardianId = ? AND g.approval = 'approved' AND g.status IN ('full', 'informationOnly')
   AND ${inForce('g', 'effectiveFrom', 'effectiveTo')}
 ORDER BY c.givenName, c.familyName, c.id, k.name`;

/** Parameters of `FOLLOWED_CHILDREN_SQL`, in the order of its placeholders. */
export function followedChildrenParameters(guardianId: string, now: Date): string[] {
  const at = sqlInstant(now);
  return [at, at, guardianId, at, at];
}

/**
 * The children a guardian may follow now, each with their classes and teachers. The SQL selects
 * candidates; the policy has the last word (an overlapping no-access link still wins).
 */
export async function listFollowedChildren(dataSource: DataSource, actor: Actor, now: Date): Promise<FollowedChild[]> {
  const rows = await queryRows(dataSource, readChildClassRow, FOLLOWED_CHILDREN_SQL, followedChildrenParameters(actor.personId, now));

  const byChild = new Map<string, { row: ChildClassRow; classIds: string[] }>();
  for (const row of rows) {
    const key = `${row.schoolId}/${row.childId}`;
    const entry = byChild.get(key) ?? { row, classIds: [] };
    if (mostRestrictive(entry.row.status, row.status) !== entry.row.status) entry.row = row;
    if (row.classId !== null && !entry.classIds.includes(row.classId)) entry.classIds.push(row.classId);
    byChild.set(key, entry);
  }
  const visible = [...byChild.values()]
    .filter(({ row, classIds }) => can(actor, 'view', { kind: 'pupil', schoolId: row.schoolId, pupilId: row.childId, classIds }))
    .sort(byNames(({ row }) => [row.givenName, row.familyName]));

  const classIds = [...new Set(visible.flatMap((entry) => entry.classIds))];
  const teachers = await listTeachersOfClasses(dataSource, classIds, now);
  const classById = new Map(rows.filter((row) => row.classId !== null).map((row) => [row.classId!, row]));

  return visible.map(({ row, classIds: ids }) => ({
    id: row.childId,
    givenName: row.givenName,
    familyName: row.familyName,
    status: row.status,
    schoolId: row.schoolId,
    schoolName: row.schoolName,
    classes: ids.map((id) => ({
      id,
      name: classById.get(id)!.className!,
      levels: classById.get(id)!.levels,
      teachers: teachers.get(id) ?? [],
    })),
  }));
}
