import type { DataSource } from 'typeorm';
import { readSchoolSettings, type SchoolSettings } from '../model/school-settings.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** A school's time zone and settings, as messaging reads them. */
export interface SchoolFacts {
  readonly id: string;
  readonly name: string;
  readonly timezone: string;
  readonly settings: SchoolSettings;
}

/** The school, or undefined when it does not exist. */
export async function loadSchoolFacts(dataSource: DataSource, schoolId: string): Promise<SchoolFacts | undefined> {
  const rows = await queryRows(dataSource, rowReader({ id: column.text, name: column.text, timezone: column.text, settingsJson: column.text }), 'SELECT id, name, timezone, settingsJson FROM school WHERE id = ?', [schoolId]);
  const row = rows[0];
  return row ? { id: row.id, name: row.name, timezone: row.timezone, settings: readSchoolSettings(row) } : undefined;
}
