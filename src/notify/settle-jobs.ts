import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import { MAX_ATTEMPTS, retryDelayMs } from './backoff.js';

const list = (ids: readonly string[]) => ids.map(() => '?').join(',');

/** Marks jobs sent (only while this worker still holds them) and the messages delivered to the person. */
export async function markSent(dataSource: DataSource, token: string, jobIds: readonly string[], delivered: { messageId: string; personId: string }[], now: Date): Promise<void> {
  const at = sqlInstant(now);
  await dataSource.query(
    `UPDATE notification_job SET status = 'sent', sentAt = ?, lockedBy = NULL, lockedUntil = NULL WHERE id IN (${list(jobIds)}) AND lockedBy = ?`,
    [at, ...jobIds, token],
  );
  for (const { messageId, personId } of delivered) {
    await dataSource.query('UPDATE message_recipient SET deliveredAt = ? WHERE messageId = ? AND personId = ? AND deliveredAt IS NULL', [at, messageId, personId]);
  }
}

/** A failed attempt: retried later with backoff, or given up after the last attempt or a permanent failure. */
export async function markFailed(
  dataSource: DataSource,
  token: string,
  jobs: readonly { id: string; attempts: number }[],
  reason: string,
  permanent: boolean,
  now: Date,
): Promise<void> {
  for (const job of jobs) {
    const attempts = job.attempts + 1;
    const giveUp = permanent || attempts >= MAX_ATTEMPTS;
    await dataSource.query(
      `UPDATE notification_job SET attempts = ?, status = ?, notBefore = ?, lastError = ?, lockedBy = NULL, lockedUntil = NULL
        WHERE id = ? AND lockedBy = ?`,
      [attempts, giveUp ? 'failed' : 'pending', sqlInstant(new Date(now.getTime() + retryDelayMs(attempts))), reason.slice(0, 300), job.id, token],
    );
  }
}

/** Jobs of a recalled message are dropped, not sent. */
export async function markCancelled(dataSource: DataSource, token: string, jobIds: readonly string[]): Promise<void> {
  await dataSource.query(`UPDATE notification_job SET status = 'cancelled', lockedBy = NULL, lockedUntil = NULL WHERE id IN (${list(jobIds)}) AND lockedBy = ?`, [
    ...jobIds,
    token,
  ]);
}
