import type { EntityManager } from 'typeorm';
import { inForce } from '../directory/in-force.js';
import { sqlInstant } from '../db/sql-values.js';
import { readSchoolSettings, type SchoolSettings } from '../model/school-settings.js';
import { readPupilIdRow } from '../db/common-rows.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** A class with what portfolio rules need: its school's zone and settings, its pupils now. */
export interface ClassContext {
  readonly classId: string;
  readonly schoolId: string;
  readonly className: string;
  readonly timezone: string;
  readonly settings: SchoolSettings;
  readonly pupilIds: readonly string[];
}

/** Reads a class and its pupils enrolled at `now`; undefined when the class does not exist. */
export async function loadClassContext(manager: EntityManager, classId: string, now: Date): Promise<ClassContext | undefined> {
  const classes = await queryRows(manager, rowReader({ id: column.text, name: column.text, schoolId: column.text, timezone: column.text, settingsJson: column.text }), `SELECT k.id AS id, k.name AS name, k.schoolId AS schoolId, s.timezone AS timezone, s.settingsJson AS settingsJson
       FROM school_class k JOIN school s ON s.id = k.schoolId WHERE k.id = ?`,
    [classId]);
  const klass = classes[0];
  if (!klass) return undefined;
  const at = sqlInstant(now);
  const pupils = await queryRows(manager, readPupilIdRow, `SELECT e.pupilId AS pupilId FROM enrolment e WHERE e.classId = ? AND ${inForce('e')}`, [
    classId,
    at,
    at,
  ]);
  return {
    classId: klass.id,
    schoolId: klass.schoolId,
    className: klass.name,
    timezone: klass.timezone,
    settings: readSchoolSettings(klass),
    pupilIds: [...new Set(pupils.map((row) => row.pupilId))],
  };
}
