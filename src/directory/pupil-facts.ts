import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import { inForce } from './in-force.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** What the policy needs about a pupil: their school and their classes now. */
export interface PupilFacts {
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly schoolId: string;
  /** The school's time zone, for dates the pupil's family or teachers type. */
  readonly timezone: string;
  readonly classIds: readonly string[];
}

const readPupilRow = rowReader({
  id: column.text,
  givenName: column.text,
  familyName: column.text,
  schoolId: column.text,
  timezone: column.text,
  classId: column.nullableText,
});

/** The SQL of `findPupil`. */
function findPupilQuery(schoolId: string, pupilId: string, now: Date): { sql: string; parameters: string[] } {
  const at = sqlInstant(now);
  return {
    sql: `SELECT p.id AS id, p.givenName AS givenName, p.familyName AS familyName, m.schoolId AS schoolId, s.timezone AS timezone,
            e.classId AS classId
       FROM person p
       JOIN school_membership m ON m.personId = p.id AND m.schoolId = ? AND m.role = 'pupil'
       JOIN school s ON s.id = m.schoolId
       LEFT JOIN enrolment e ON e.pupilId = p.id AND e.schoolId = m.schoolId AND ${inForce('e')}
      WHERE p.id = ?`,
    parameters: [schoolId, at, at, pupilId],
  };
}

/**
 * The SQL of `findPupilInEverySchool`: the pupil in each school where they are a pupil, latest
 * membership first.
 */
export function findPupilEverywhereQuery(pupilId: string, now: Date): { sql: string; parameters: string[] } {
  const at = sqlInstant(now);
  return {
    sql: `SELECT p.id AS id, p.givenName AS givenName, p.familyName AS familyName, m.schoolId AS schoolId, s.timezone AS timezone,
            e.classId AS classId
       FROM person p
       JOIN school_membership m ON m.personId = p.id AND m.role = 'pupil'
       JOIN school s ON s.id = m.schoolId
       LEFT JOIN enrolment e ON e.pupilId = p.id AND e.schoolId = m.schoolId AND ${inForce('e')}
      WHERE p.id = ?
      ORDER BY m.startedAt DESC, m.schoolId`,
    parameters: [at, at, pupilId],
  };
}

/** A pupil in every school where they are one (usually one), in one round trip. */
export async function findPupilInEverySchool(dataSource: DataSource, pupilId: string, now: Date): Promise<PupilFacts[]> {
  const { sql, parameters } = findPupilEverywhereQuery(pupilId, now);
  const rows = await queryRows(dataSource, readPupilRow, sql, parameters);
  const bySchool = new Map<string, PupilFacts & { classIds: string[] }>();
  for (const row of rows) {
    const pupil = bySchool.get(row.schoolId) ?? { id: row.id, givenName: row.givenName, familyName: row.familyName, schoolId: row.schoolId, timezone: row.timezone, classIds: [] };
    if (row.classId && !pupil.classIds.includes(row.classId)) pupil.classIds.push(row.classId);
    bySchool.set(row.schoolId, pupil);
  }
  return [...bySchool.values()];
}

/** The SQL of `schoolsOfPupil`. */
const SCHOOLS_OF_PUPIL_SQL = `SELECT schoolId FROM school_membership WHERE personId = ? AND role = 'pupil' ORDER BY startedAt DESC`;

/**
 * A pupil of a school, with the classes they are enrolled in now; undefined when the person is
 * not a pupil of that school. Every pupil resource given to the policy is built from this.
 */
export async function findPupil(
  dataSource: DataSource,
  schoolId: string,
  pupilId: string,
  now: Date,
): Promise<PupilFacts | undefined> {
  const { sql, parameters } = findPupilQuery(schoolId, pupilId, now);
  const rows = await queryRows(dataSource, readPupilRow, sql, parameters);
  const first = rows[0];
  if (!first) return undefined;
  return {
    id: first.id,
    givenName: first.givenName,
    familyName: first.familyName,
    schoolId: first.schoolId,
    timezone: first.timezone,
    classIds: rows.flatMap((row) => (row.classId ? [row.classId] : [])),
  };
}

/** The schools in which a person is a pupil (usually one), to resolve `/pupils/:id` without a school in the URL. */
export async function schoolsOfPupil(dataSource: DataSource, pupilId: string): Promise<string[]> {
  const rows = await queryRows(dataSource, rowReader({ schoolId: column.text }), SCHOOLS_OF_PUPIL_SQL, [pupilId]);
  return rows.map((row) => row.schoolId);
}
