import type { EntityManager } from 'typeorm';
import { AppError } from '../http/errors.js';
import { readIdRow } from '../db/common-rows.js';
import { queryRows } from '../db/row-reader.js';

/** Refuses skills that are not in the school's framework, or archived. */
export async function checkSkills(manager: EntityManager, schoolId: string, skillIds: readonly string[]): Promise<void> {
  if (skillIds.length === 0) return;
  const rows = await queryRows(manager, readIdRow, `SELECT id FROM skill WHERE schoolId = ? AND archivedAt IS NULL AND id IN (${skillIds.map(() => '?').join(', ')})`,
    [schoolId, ...skillIds]);
  if (rows.length !== new Set(skillIds).size) throw new AppError('PORTFOLIO_SKILL_UNKNOWN', { fields: [{ field: 'skills', problem: 'invalidChoice' }] });
}
