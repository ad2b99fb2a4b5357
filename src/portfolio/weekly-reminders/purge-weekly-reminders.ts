import type { DataSource } from 'typeorm';

const DAY_MS = 24 * 3_600_000;
/**
 * Past weeks' rows are kept eight weeks (to answer "did I get last month's reminder?"); the scan
 * only ever writes the current week, so deleting older ones cannot make it write them again.
 */
const REMINDER_KEEP_DAYS = 56;

/** Deletes the reminders of weeks that began more than `REMINDER_KEEP_DAYS` ago, sent or not. */
export async function purgeWeeklyReminders(dataSource: DataSource, now: Date): Promise<void> {
  // `weekStart` is a local calendar date; a day's difference at the edge changes nothing here.
  const oldest = new Date(now.getTime() - REMINDER_KEEP_DAYS * DAY_MS).toISOString().slice(0, 10);
  await dataSource.query('DELETE FROM weekly_reminder WHERE weekStart < ?', [oldest]);
}
