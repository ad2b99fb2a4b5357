import type { DataSource } from 'typeorm';
import { readSchoolSettings, type SchoolSettings } from '../model/school-settings.js';
import { SCHOOL_KINDS, type SchoolKind } from '../model/school.js';
import { column, nullable, queryRows, rowReader } from '../db/row-reader.js';

/** A school's time zone and settings, as messaging reads them. */
export interface SchoolFacts {
  readonly id: string;
  readonly name: string;
  readonly timezone: string;
  /** école, collège or lycée; null when the school never said (some defaults follow it). */
  readonly kind: SchoolKind | null;
  readonly settings: SchoolSettings;
}

/** The columns of `school` that make its facts (select them under these names). */
export const readSchoolFactsRow = rowReader({ id: column.text, name: column.text, timezone: column.text, kind: nullable(column.oneOf(SCHOOL_KINDS)), settingsJson: column.text });

/** The school, or undefined when it does not exist. */
export async function loadSchoolFacts(dataSource: DataSource, schoolId: string): Promise<SchoolFacts | undefined> {
  const rows = await queryRows(dataSource, readSchoolFactsRow, 'SELECT id, name, timezone, kind, settingsJson FROM school WHERE id = ?', [schoolId]);
  const row = rows[0];
  return row ? { id: row.id, name: row.name, timezone: row.timezone, kind: row.kind, settings: readSchoolSettings(row) } : undefined;
}
