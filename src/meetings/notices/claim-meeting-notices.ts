import type { DataSource } from 'typeorm';
import { column, queryRows, rowReader } from '../../db/row-reader.js';
import { MEETING_EVENTS } from '../../model/meeting.js';
import { readSchoolSettings } from '../../model/school-settings.js';
import type { SchoolHours } from '../../notify/plan-delivery.js';
import { claimDueRows } from '../../notify/side-outbox/claim-due-rows.js';
import type { SideOutboxTable } from '../../notify/side-outbox/side-outbox-table.js';

/** A meeting e-mail this worker holds, with the school hours its retries follow. */
export interface ClaimedNotice {
  readonly id: string;
  readonly bookingId: string;
  readonly recipientId: string;
  readonly event: (typeof MEETING_EVENTS)[number];
  readonly sequence: number;
  readonly attempts: number;
  readonly timezone: string;
  readonly hours: SchoolHours;
}

/** Each row is its own e-mail: claimed one by one. */
export const MEETING_NOTICE_TABLE: SideOutboxTable = { name: 'meeting_notice', groupColumn: 'id' };

const readNoticeRow = rowReader({
  id: column.text,
  bookingId: column.text,
  recipientId: column.text,
  event: column.oneOf(MEETING_EVENTS),
  sequence: column.number,
  attempts: column.number,
  timezone: column.text,
  settingsJson: column.text,
});

/** Claims up to `limit` due meeting e-mails until `now + lockMs` (see `claimDueRows`). */
export async function claimDueMeetingNotices(dataSource: DataSource, now: Date, lockMs: number, limit: number): Promise<{ token: string; notices: ClaimedNotice[] }> {
  const { token, claimed } = await claimDueRows(dataSource, MEETING_NOTICE_TABLE, now, lockMs, limit);
  if (!claimed) return { token, notices: [] };
  const rows = await queryRows(dataSource, readNoticeRow,
    `SELECT n.id AS id, n.bookingId AS bookingId, n.recipientId AS recipientId, n.event AS event, n.sequence AS sequence, n.attempts AS attempts,
            s.timezone AS timezone, s.settingsJson AS settingsJson
       FROM meeting_notice n JOIN school s ON s.id = n.schoolId WHERE n.lockedBy = ? ORDER BY n.notBefore`, [token]);
  return {
    token,
    notices: rows.map(({ settingsJson, ...row }) => ({ ...row, hours: readSchoolSettings({ settingsJson }).messaging.notificationHours })),
  };
}
