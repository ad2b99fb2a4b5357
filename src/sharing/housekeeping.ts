import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import { purgeAccessHistory } from './access-history.js';
import { purgeLinkNotices } from './link-notices/purge-link-notices.js';
import { purgePaperCodes } from '../paper/purge-paper-codes.js';

/**
 * Sharing's periodic work: viewer sessions past their hours are deleted, the access history
 * older than each school's `accessLogRetentionDays` goes, so nothing is kept longer than the
 * school promised its families, and so do old link-holder notices and unsubscribe tokens, and paper codes that open nothing.
 */
export async function runSharingHousekeeping(dataSource: DataSource, logger: Logger, now: Date): Promise<void> {
  await dataSource.query('DELETE FROM share_session WHERE expiresAt <= ?', [sqlInstant(now)]);
  const removed = await purgeAccessHistory(dataSource, now);
  if (removed > 0) logger.info({ removed }, 'portfolio access history past its retention deleted');
  await purgeLinkNotices(dataSource, now);
  await purgePaperCodes(dataSource, now);
}
