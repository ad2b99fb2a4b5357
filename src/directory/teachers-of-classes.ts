import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import { byNames } from '../i18n/collation.js';
import { inForce } from './in-force.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** A teacher as class lists name them. */
export interface TeacherName {
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly isMainTeacher: boolean;
}

const readTeacherRow = rowReader({
  classId: column.text,
  id: column.text,
  givenName: column.text,
  familyName: column.text,
  isMainTeacher: column.flag,
});

/** SQL of `listTeachersOfClasses` for `count` classes. */
export function teachersOfClassesSql(count: number): string {
  return `
SELECT t.classId AS classId, p.id AS id, p.givenName AS givenName, p.familyName AS familyName, t.isMainTeacher AS isMainTeacher
  FROM teaching_assignment t
  JOIN person p ON p.id = t.teacherId
 WHERE t.classId IN (${Array.from({ length: count }, () => '?').join(', ')}) AND ${inForce('t')}
 ORDER BY t.isMainTeacher DESC, p.familyName, p.givenName`;
}

/** The teachers of each class now, main teacher first. */
export async function listTeachersOfClasses(
  dataSource: DataSource,
  classIds: readonly string[],
  now: Date,
): Promise<Map<string, TeacherName[]>> {
  const byClass = new Map<string, TeacherName[]>();
  if (classIds.length === 0) return byClass;
  const at = sqlInstant(now);
  const rows = await queryRows(dataSource, readTeacherRow, teachersOfClassesSql(classIds.length), [...classIds, at, at]);
  for (const row of rows) {
    const list = byClass.get(row.classId) ?? [];
    list.push({ id: row.id, givenName: row.givenName, familyName: row.familyName, isMainTeacher: row.isMainTeacher });
    byClass.set(row.classId, list);
  }
  const order = byNames((teacher: TeacherName) => [teacher.familyName, teacher.givenName]);
  for (const list of byClass.values()) list.sort((a, b) => Number(b.isMainTeacher) - Number(a.isMainTeacher) || order(a, b));
  return byClass;
}
