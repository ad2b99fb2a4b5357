import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import { runInTransaction } from '../db/transaction.js';
import type { MediaStorage } from '../media/index.js';
import { PortfolioMedium } from '../model/portfolio-medium.js';
import { markDueEntriesPublished } from './entry-transitions.js';

/** Uploads not put in an entry within this time are abandoned (a closed tab, a failed form). */
export const ABANDONED_UPLOAD_MS = 24 * 60 * 60 * 1000;

/**
 * The portfolio's periodic work: entries whose slot has come are marked published, and media
 * uploaded but never attached to an entry are deleted with their files, so the school's quota
 * only counts what families can see.
 */
export async function runPortfolioHousekeeping(dataSource: DataSource, storage: MediaStorage, logger: Logger, now: Date): Promise<void> {
  const published = await markDueEntriesPublished(dataSource, now);
  if (published > 0) logger.info({ published }, 'scheduled entries published');

  const abandoned = (await dataSource.query(
    'SELECT id, originalKey, screenKey, thumbnailKey FROM portfolio_medium WHERE entryId IS NULL AND createdAt < ? LIMIT 500',
    [sqlInstant(new Date(now.getTime() - ABANDONED_UPLOAD_MS))],
  )) as { id: string; originalKey: string; screenKey: string | null; thumbnailKey: string | null }[];
  if (abandoned.length === 0) return;
  // Rows first: a file without a row is only wasted space, a row without its file is a broken page.
  await runInTransaction(dataSource, (manager) =>
    manager
      .getRepository(PortfolioMedium)
      .createQueryBuilder()
      .delete()
      .where('id IN (:...ids) AND entryId IS NULL', { ids: abandoned.map((medium) => medium.id) })
      .execute(),
  );
  for (const medium of abandoned) {
    for (const key of [medium.originalKey, medium.screenKey, medium.thumbnailKey]) {
      if (key) await storage.delete(key).catch((error: unknown) => logger.warn({ err: error, key }, 'could not delete an abandoned upload'));
    }
  }
  logger.info({ deleted: abandoned.length }, 'abandoned uploads deleted');
}
