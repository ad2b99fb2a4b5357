import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { currentSchoolYear } from '../school-year/current-school-year.js';
import { inForce } from './in-force.js';
import { listTeachersOfClasses, type TeacherName } from './teachers-of-classes.js';
import { readTimezoneRow } from '../db/common-rows.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** A class with what lists of classes show. */
export interface ClassOverview {
  readonly id: string;
  readonly schoolId: string;
  readonly name: string;
  readonly levels: string | null;
  readonly cycle: number | null;
  readonly pupilCount: number;
  readonly teachers: readonly TeacherName[];
}

const readClassRow = rowReader({
  id: column.text,
  schoolId: column.text,
  name: column.text,
  levels: column.nullableText,
  cycle: column.nullableNumber,
  pupilCount: column.number,
});
type ClassRow = ReturnType<typeof readClassRow>;

const CLASS_COLUMNS = `k.id AS id, k.schoolId AS schoolId, k.name AS name, k.levels AS levels, k.cycle AS cycle,
  (SELECT COUNT(*) FROM enrolment e WHERE e.classId = k.id AND ${inForce('e')}) AS pupilCount`;

async function withTeachers(dataSource: DataSource, rows: ClassRow[], now: Date): Promise<ClassOverview[]> {
  const teachers = await listTeachersOfClasses(dataSource, rows.map((row) => row.id), now);
  return rows.map((row) => ({
    id: row.id,
    schoolId: row.schoolId,
    name: row.name,
    levels: row.levels,
    cycle: row.cycle,
    pupilCount: row.pupilCount,
    teachers: teachers.get(row.id) ?? [],
  }));
}

/** One class, or undefined. */
export async function findClass(dataSource: DataSource, classId: string, now: Date): Promise<ClassOverview | undefined> {
  const at = sqlInstant(now);
  const rows = await queryRows(dataSource, readClassRow, `SELECT ${CLASS_COLUMNS} FROM school_class k WHERE k.id = ?`, [at, at, classId]);
  return (await withTeachers(dataSource, rows, now))[0];
}

/** Keeps the classes the actor may see: lists go through the policy like single pages do. */
function visibleTo(actor: Actor, rows: ClassRow[]): ClassRow[] {
  return rows.filter((row) => can(actor, 'view', { kind: 'class', schoolId: row.schoolId, classId: row.id }));
}

/** Given classes, as far as the actor may see them (e.g. those they teach, or are enrolled in). */
export async function listClasses(dataSource: DataSource, actor: Actor, classIds: Iterable<string>, now: Date): Promise<ClassOverview[]> {
  const ids = [...classIds];
  if (ids.length === 0) return [];
  const at = sqlInstant(now);
  const rows = await queryRows(dataSource, readClassRow, `SELECT ${CLASS_COLUMNS} FROM school_class k WHERE k.id IN (${ids.map(() => '?').join(', ')}) ORDER BY k.name`,
    [at, at, ...ids]);
  return withTeachers(dataSource, visibleTo(actor, rows), now);
}

/** The classes of a school's current school year, as far as the actor may see them. */
export async function listSchoolClasses(dataSource: DataSource, actor: Actor, schoolId: string, now: Date): Promise<ClassOverview[]> {
  const schools = await queryRows(dataSource, readTimezoneRow, 'SELECT timezone FROM school WHERE id = ?', [schoolId]);
  if (schools.length === 0) return [];
  const year = currentSchoolYear(now, schools[0]!.timezone);
  const at = sqlInstant(now);
  const rows = await queryRows(dataSource, readClassRow, `SELECT ${CLASS_COLUMNS} FROM school_class k JOIN school_year y ON y.id = k.schoolYearId AND y.label = ?
      WHERE k.schoolId = ? ORDER BY k.name`,
    [at, at, year.label, schoolId]);
  return withTeachers(dataSource, visibleTo(actor, rows), now);
}
