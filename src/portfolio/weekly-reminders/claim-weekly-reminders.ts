import type { DataSource } from 'typeorm';
import { readSchoolSettings } from '../../model/school-settings.js';
import type { SchoolHours } from '../../notify/plan-delivery.js';
import { claimDueRows } from '../../notify/side-outbox/claim-due-rows.js';
import type { SideOutboxTable } from '../../notify/side-outbox/side-outbox-table.js';
import { column, queryRows, rowReader } from '../../db/row-reader.js';

/** A reminder this worker holds, with the school hours its week and retries follow. */
export interface ClaimedReminder {
  readonly id: string;
  readonly teacherId: string;
  readonly weekStart: string;
  readonly attempts: number;
  readonly timezone: string;
  readonly hours: SchoolHours;
}

/** Claimed by teacher: a teacher's rows are handled by one worker at a time. */
export const WEEKLY_REMINDER_TABLE: SideOutboxTable = { name: 'weekly_reminder', groupColumn: 'teacherId' };

/** Claims the due reminders of up to `teacherLimit` teachers until `now + lockMs` (see `claimDueRows`). */
export async function claimDueWeeklyReminders(dataSource: DataSource, now: Date, lockMs: number, teacherLimit: number): Promise<{ token: string; reminders: ClaimedReminder[] }> {
  const { token, claimed } = await claimDueRows(dataSource, WEEKLY_REMINDER_TABLE, now, lockMs, teacherLimit);
  if (!claimed) return { token, reminders: [] };
  const rows = await queryRows(dataSource, rowReader({ id: column.text, teacherId: column.text, weekStart: column.text, attempts: column.number, timezone: column.text, settingsJson: column.text }), `SELECT r.id AS id, r.teacherId AS teacherId, r.weekStart AS weekStart, r.attempts AS attempts, s.timezone AS timezone, s.settingsJson AS settingsJson
       FROM weekly_reminder r JOIN school s ON s.id = r.schoolId
      WHERE r.lockedBy = ? ORDER BY r.teacherId, r.weekStart`,
    [token]);
  return {
    token,
    reminders: rows.map((row) => ({
      id: row.id,
      teacherId: row.teacherId,
      weekStart: row.weekStart,
      attempts: Number(row.attempts),
      timezone: row.timezone,
      hours: readSchoolSettings({ settingsJson: row.settingsJson }).messaging.notificationHours,
    })),
  };
}
