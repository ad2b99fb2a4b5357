import type { DataSource } from 'typeorm';
import { sqlInstant } from '../../db/sql-values.js';
import { LINK_MAX_DAYS } from '../personal-links.js';
import { NOTICE_LOOKBACK_MS } from './schedule-link-notices.js';

const DAY_MS = 24 * 3_600_000;
/**
 * Settled notices are kept a month: well past the scan's look-back, so deleting one cannot make
 * the scan find its entry again, and long enough to answer "did grandma get told?".
 */
const SETTLED_NOTICE_KEEP_MS = Math.max(30 * DAY_MS, 2 * NOTICE_LOOKBACK_MS);

/**
 * Deletes settled notices past their keeping time, and unsubscribe tokens older than any link can
 * live (the e-mail that carried one speaks of a link that has expired since).
 */
export async function purgeLinkNotices(dataSource: DataSource, now: Date): Promise<void> {
  await dataSource.query(`DELETE FROM link_notice WHERE status IN ('sent', 'failed', 'cancelled') AND notBefore < ?`, [
    sqlInstant(new Date(now.getTime() - SETTLED_NOTICE_KEEP_MS)),
  ]);
  await dataSource.query('DELETE FROM link_unsubscribe WHERE createdAt < ?', [sqlInstant(new Date(now.getTime() - LINK_MAX_DAYS * DAY_MS))]);
}
