import type { EntityManager } from 'typeorm';
import { engineOf } from '../db/data-source.js';
import { notFound } from '../http/errors.js';
import { readSchoolSettings, schoolSettingsSchema, type SchoolSettings } from '../model/school-settings.js';
import { readSettingsRow } from '../db/common-rows.js';
import { queryRows } from '../db/row-reader.js';

/**
 * Changes part of a school's settings within the caller's transaction: reads them through the
 * schema, applies `change`, validates the whole again and writes it back, so that a settings page
 * never overwrites the rules it does not show. Returns the settings before and after, for the
 * audit record; an unknown school is NOT_FOUND.
 */
export async function changeSchoolSettings(
  manager: EntityManager,
  schoolId: string,
  change: (current: SchoolSettings) => unknown,
): Promise<{ before: SchoolSettings; after: SchoolSettings }> {
  // Locked on MariaDB (SQLite runs one transaction at a time): two pages saving different parts
  // at the same moment are applied one after the other, and neither loses the other's change.
  const lock = engineOf(manager.connection) === 'mysql' ? ' FOR UPDATE' : '';
  const rows = await queryRows(manager, readSettingsRow, `SELECT settingsJson FROM school WHERE id = ?${lock}`, [schoolId]);
  if (!rows[0]) throw notFound();
  const before = readSchoolSettings(rows[0]);
  const after = schoolSettingsSchema.parse(change(before));
  await manager.query('UPDATE school SET settingsJson = ? WHERE id = ?', [JSON.stringify(after), schoolId]);
  return { before, after };
}
