import type { DataSource } from 'typeorm';
import { readInstant, sqlInstant } from '../db/sql-values.js';
import { databaseAnswers } from '../db/probe-database.js';
import { NOTIFICATION_CHANNELS } from '../model/notification-job.js';
import { databaseMetrics, outboxMetrics } from './metrics.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** The part of mysql2's pool read here (its own counters; mysql2 exposes no public ones). */
interface PoolInternals {
  readonly _allConnections?: { readonly length: number };
  readonly _freeConnections?: { readonly length: number };
  readonly _connectionQueue?: { readonly length: number };
  readonly config?: { readonly connectionLimit?: number };
}

/** The outboxes and the channel each one's rows go through; the names are constants of the code. */
const SIDE_OUTBOXES = [
  { outbox: 'link_notice', channel: 'email' },
  { outbox: 'weekly_reminder', channel: 'email' },
  { outbox: 'retention_notice', channel: 'email' },
] as const;
const MESSAGE_CHANNELS = NOTIFICATION_CHANNELS;

/**
 * Reads the database's state into the gauges just before a scrape: the pool's use, whether the
 * database answers, and each outbox's due backlog with the age of its oldest due row. When the
 * database does not answer, the outbox gauges keep their last values and `ecarnet_db_up` says 0.
 */
export async function refreshDatabaseGauges(dataSource: DataSource, now: Date): Promise<void> {
  readPool(dataSource);
  const up = await databaseAnswers(dataSource);
  databaseMetrics.up.set(up ? 1 : 0);
  if (!up) return;
  try {
    await readOutboxes(dataSource, now);
  } catch {
    databaseMetrics.up.set(0);
  }
}

function readPool(dataSource: DataSource): void {
  const pool = (dataSource.driver as unknown as { pool?: PoolInternals }).pool;
  if (!pool) return;
  const all = pool._allConnections?.length ?? 0;
  const idle = pool._freeConnections?.length ?? 0;
  databaseMetrics.connections.set({ state: 'busy' }, all - idle);
  databaseMetrics.connections.set({ state: 'idle' }, idle);
  databaseMetrics.waiting.set(pool._connectionQueue?.length ?? 0);
  databaseMetrics.limit.set(pool.config?.connectionLimit ?? 0);
}

const readDueRow = rowReader({
  channel: column.text,
  due: column.count,
  oldest: column.nullableInstant,
});
type DueRow = ReturnType<typeof readDueRow>;

async function readOutboxes(dataSource: DataSource, now: Date): Promise<void> {
  const at = sqlInstant(now);
  const messageRows = await queryRows(dataSource, readDueRow, `SELECT channel AS channel, COUNT(*) AS due, MIN(notBefore) AS oldest FROM notification_job
      WHERE status = 'pending' AND notBefore <= ? GROUP BY channel`,
    [at]);
  for (const channel of MESSAGE_CHANNELS) setDue('message', channel, messageRows.find((row) => row.channel === channel), now);
  for (const { outbox, channel } of SIDE_OUTBOXES) {
    const rows = await queryRows(dataSource, readDueRow, `SELECT '${channel}' AS channel, COUNT(*) AS due, MIN(notBefore) AS oldest FROM ${outbox} WHERE status = 'pending' AND notBefore <= ?`,
      [at]);
    setDue(outbox, channel, rows[0], now);
  }
}

function setDue(outbox: string, channel: string, row: DueRow | undefined, now: Date): void {
  const due = Number(row?.due ?? 0);
  outboxMetrics.backlog.set({ outbox, channel }, due);
  const age = due > 0 && row?.oldest !== null && row?.oldest !== undefined ? (now.getTime() - readInstant(row.oldest).getTime()) / 1000 : 0;
  outboxMetrics.oldestDueAge.set({ outbox, channel }, Math.max(0, age));
}
