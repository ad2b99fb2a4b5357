import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import { runInTransaction } from '../db/transaction.js';
import type { MediaStorage } from '../media/index.js';
import { markDueEntriesPublished } from './entry-transitions.js';
import { purgeWeeklyReminders } from './weekly-reminders/purge-weekly-reminders.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** Uploads not put in an entry or a message within this time are abandoned (a closed tab, a failed form). */
const ABANDONED_UPLOAD_MS = 24 * 60 * 60 * 1000;

/** Where uploads wait to be used: portfolio media until an entry takes them, message files until sent. */
const WAITING_UPLOADS = [
  { table: 'portfolio_medium', unused: 'entryId IS NULL' },
  { table: 'message_file', unused: 'attachedAt IS NULL' },
] as const;

/**
 * Periodic work on media: entries whose slot has come are marked published, and uploads never
 * used are deleted with their files, so the school's quota only counts what someone can see;
 * past weeks' reminder rows are purged.
 */
export async function runPortfolioHousekeeping(dataSource: DataSource, storage: MediaStorage, logger: Logger, now: Date): Promise<void> {
  const published = await markDueEntriesPublished(dataSource, now);
  if (published > 0) logger.info({ published }, 'scheduled entries published');
  const before = sqlInstant(new Date(now.getTime() - ABANDONED_UPLOAD_MS));
  for (const { table, unused } of WAITING_UPLOADS) {
    const abandoned = await queryRows(dataSource, rowReader({ id: column.text, originalKey: column.text, screenKey: column.nullableText, thumbnailKey: column.nullableText }), `SELECT id, originalKey, screenKey, thumbnailKey FROM ${table} WHERE ${unused} AND createdAt < ? LIMIT 500`,
      [before]);
    if (abandoned.length === 0) continue;
    // Rows first: a file without a row is only wasted space, a row without its file is a broken page.
    await runInTransaction(dataSource, (manager) =>
      manager.query(`DELETE FROM ${table} WHERE ${unused} AND id IN (${abandoned.map(() => '?').join(', ')})`, abandoned.map((upload) => upload.id)),
    );
    for (const upload of abandoned) {
      for (const key of [upload.originalKey, upload.screenKey, upload.thumbnailKey]) {
        if (key) await storage.delete(key).catch((error: unknown) => logger.warn({ err: error, key }, 'could not delete an abandoned upload'));
      }
    }
    logger.info({ table, deleted: abandoned.length }, 'abandoned uploads deleted');
  }
  await purgeWeeklyReminders(dataSource, now);
}
