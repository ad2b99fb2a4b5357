import type { DataSource } from 'typeorm';
import { column, queryRows, rowReader } from '../../db/row-reader.js';
import { readSchoolSettings } from '../../model/school-settings.js';
import type { SchoolHours } from '../../notify/plan-delivery.js';
import { claimDueRows } from '../../notify/side-outbox/claim-due-rows.js';
import type { SideOutboxTable } from '../../notify/side-outbox/side-outbox-table.js';

/** Claimed by guardian: one worker at a time writes to a guardian. */
export const RETENTION_NOTICE_TABLE: SideOutboxTable = { name: 'retention_notice', groupColumn: 'guardianId' };

/** A notice this worker holds, with what the e-mail says and the school hours its retries follow. */
export interface ClaimedRetentionNotice {
  readonly id: string;
  readonly attempts: number;
  readonly pupilId: string;
  readonly childName: string;
  readonly guardianId: string;
  readonly guardianGivenName: string;
  readonly guardianName: string;
  readonly email: string | null;
  readonly language: string;
  readonly schoolName: string;
  readonly deleteAfter: Date;
  readonly timezone: string;
  readonly hours: SchoolHours;
}

const readNotice = rowReader({
  id: column.text,
  attempts: column.number,
  pupilId: column.text,
  childGiven: column.text,
  childFamily: column.text,
  guardianId: column.text,
  guardianGiven: column.text,
  guardianFamily: column.text,
  email: column.nullableText,
  language: column.text,
  schoolName: column.text,
  deleteAfter: column.instant,
  timezone: column.text,
  settingsJson: column.text,
});

/** Claims the due notices of up to `guardianLimit` guardians until `now + lockMs` (see `claimDueRows`). */
export async function claimDueRetentionNotices(dataSource: DataSource, now: Date, lockMs: number, guardianLimit: number): Promise<{ token: string; notices: ClaimedRetentionNotice[] }> {
  const { token, claimed } = await claimDueRows(dataSource, RETENTION_NOTICE_TABLE, now, lockMs, guardianLimit);
  if (!claimed) return { token, notices: [] };
  const rows = await queryRows(
    dataSource,
    readNotice,
    `SELECT n.id AS id, n.attempts AS attempts, n.pupilId AS pupilId, c.givenName AS childGiven, c.familyName AS childFamily,
            n.guardianId AS guardianId, g.givenName AS guardianGiven, g.familyName AS guardianFamily, g.email AS email, g.preferredLanguage AS language,
            s.name AS schoolName, n.deleteAfter AS deleteAfter, s.timezone AS timezone, s.settingsJson AS settingsJson
       FROM retention_notice n JOIN person c ON c.id = n.pupilId JOIN person g ON g.id = n.guardianId JOIN school s ON s.id = n.schoolId
      WHERE n.lockedBy = ? ORDER BY n.guardianId, n.id`,
    [token],
  );
  return {
    token,
    notices: rows.map((row) => ({
      id: row.id,
      attempts: row.attempts,
      pupilId: row.pupilId,
      childName: row.childGiven,
      guardianId: row.guardianId,
      guardianGivenName: row.guardianGiven,
      guardianName: `${row.guardianGiven} ${row.guardianFamily}`,
      email: row.email,
      language: row.language,
      schoolName: row.schoolName,
      deleteAfter: row.deleteAfter,
      timezone: row.timezone,
      hours: readSchoolSettings({ settingsJson: row.settingsJson }).messaging.notificationHours,
    })),
  };
}
