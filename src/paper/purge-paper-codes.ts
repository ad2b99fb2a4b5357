import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';

/**
 * Deletes the paper codes that can open nothing any more: expired, revoked (printed again), or
 * used and their session over. Their printing stays in the audit log.
 */
export async function purgePaperCodes(dataSource: DataSource, now: Date): Promise<void> {
  const at = sqlInstant(now);
  await dataSource.query('DELETE FROM paper_code WHERE expiresAt <= ? OR revokedAt IS NOT NULL OR sessionExpiresAt <= ?', [at, at]);
}
