import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import { AuditEvent, HttpSession, ShareSession, TranslationCacheEntry } from '../model/index.js';
import { purgeAccessHistory } from '../sharing/access-history.js';
import { AUDIT_EVENT_RETENTION_DAYS, daysAfter, RATE_LIMIT_RETENTION_DAYS, SESSION_RETENTION_DAYS, TRANSLATION_CACHE_RETENTION_DAYS } from './retention-delays.js';

/** How many rows of each log-like table went. */
export interface LogPurge {
  readonly accessHistory: number;
  readonly auditEvents: number;
  readonly sessions: number;
  readonly rateLimitWindows: number;
  readonly translations: number;
}

async function deleteBefore<E extends ObjectLiteral>(dataSource: DataSource, entity: EntityTarget<E>, column: string, before: Date): Promise<number> {
  const result = await dataSource.createQueryBuilder().delete().from(entity).where(`${column} < :before`, { before: sqlInstant(before) }).execute();
  return result.affected ?? 0;
}

/**
 * Deletes what is kept for a fixed time rather than until someone leaves: portfolio access
 * history (each school's `accessLogRetentionDays`), audit events, expired sessions, rate-limit
 * windows and cached translations, each after its delay in `retention-delays.ts`. Single
 * statements, each complete or not at all, so a repeat is harmless.
 */
export async function purgeLogs(dataSource: DataSource, now: Date): Promise<LogPurge> {
  const ago = (days: number) => daysAfter(now, -days);
  // No entity for this table (the limiter writes it by hand): counted, then deleted.
  const [ended] = await queryRows(dataSource, rowReader({ n: column.count }), 'SELECT COUNT(*) AS n FROM rate_limit_window WHERE expiresAt < ?', [sqlInstant(ago(RATE_LIMIT_RETENTION_DAYS))]);
  await dataSource.query('DELETE FROM rate_limit_window WHERE expiresAt < ?', [sqlInstant(ago(RATE_LIMIT_RETENTION_DAYS))]);
  return {
    accessHistory: await purgeAccessHistory(dataSource, now),
    auditEvents: await deleteBefore(dataSource, AuditEvent, 'at', ago(AUDIT_EVENT_RETENTION_DAYS)),
    sessions:
      (await deleteBefore(dataSource, HttpSession, 'expiresAt', ago(SESSION_RETENTION_DAYS))) + (await deleteBefore(dataSource, ShareSession, 'expiresAt', ago(SESSION_RETENTION_DAYS))),
    rateLimitWindows: ended?.n ?? 0,
    translations: await deleteBefore(dataSource, TranslationCacheEntry, 'createdAt', ago(TRANSLATION_CACHE_RETENTION_DAYS)),
  };
}
