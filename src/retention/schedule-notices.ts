import type { EntityManager } from 'typeorm';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import { newId } from '../model/columns.js';
import type { Leaver } from './leavers.js';

/**
 * Writes, once per child who left and guardian allowed to follow them, the notice telling that
 * the portfolio will be deleted on `deleteAfter` and can be downloaded until then; the
 * notification worker sends it (`RetentionNoticeSender`). The unique index keeps it to one row
 * whatever the number of runs or instances. Returns how many were written.
 */
export async function scheduleRetentionNotices(manager: EntityManager, schoolId: string, pupils: readonly Leaver[], now: Date): Promise<number> {
  let written = 0;
  for (const pupil of pupils) {
    const guardians = await queryRows(
      manager,
      rowReader({ guardianId: column.text }),
      `SELECT DISTINCT g.guardianId AS guardianId FROM guardianship g
        WHERE g.schoolId = ? AND g.childId = ? AND g.status <> 'noAccess' AND g.approval = 'approved'
          AND NOT EXISTS (SELECT 1 FROM retention_notice n WHERE n.schoolId = g.schoolId AND n.pupilId = g.childId AND n.guardianId = g.guardianId)`,
      [schoolId, pupil.personId],
    );
    for (const { guardianId } of guardians) {
      await manager.query(
        `INSERT INTO retention_notice (id, schoolId, pupilId, guardianId, deleteAfter, status, notBefore, attempts, createdAt) VALUES (?, ?, ?, ?, ?, 'pending', ?, 0, ?)`,
        [newId(), schoolId, pupil.personId, guardianId, sqlInstant(pupil.deleteAfter), sqlInstant(now), sqlInstant(now)],
      );
      written += 1;
    }
  }
  return written;
}
