import type { DataSource } from 'typeorm';
import { sqlInstant } from '../../db/sql-values.js';
import { MAX_ATTEMPTS } from '../backoff.js';
import type { SideOutboxTable } from './side-outbox-table.js';
import { readCountRow } from '../../db/common-rows.js';
import { queryRows } from '../../db/row-reader.js';

const list = (ids: readonly string[]) => ids.map(() => '?').join(',');

/*
 * Every change below applies only to rows this worker still holds (`lockedBy = token`): a worker
 * whose lock expired while it was sending does not overwrite what the next holder decided.
 */

/** The rows went out in one e-mail the SMTP server accepted. */
export async function markRowsSent(dataSource: DataSource, table: SideOutboxTable, token: string, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await dataSource.query(`UPDATE ${table.name} SET status = 'sent', sentAt = ?, lockedBy = NULL, lockedUntil = NULL WHERE id IN (${list(ids)}) AND lockedBy = ?`, [
    sqlInstant(now),
    ...ids,
    token,
  ]);
}

/** Why an attempt failed, and when to try again. */
export interface AttemptFailure {
  readonly reason: string;
  readonly permanent: boolean;
  readonly retryAt: Date;
}

/**
 * A failed attempt: every row of the e-mail is tried again at `retryAt` (one instant for all, so
 * they stay one e-mail), or given up after its last attempt or a permanent failure.
 */
export async function markRowsFailed(
  dataSource: DataSource,
  table: SideOutboxTable,
  token: string,
  rows: readonly { id: string; attempts: number }[],
  failure: AttemptFailure,
): Promise<void> {
  for (const row of rows) {
    const attempts = row.attempts + 1;
    const giveUp = failure.permanent || attempts >= MAX_ATTEMPTS;
    await dataSource.query(
      `UPDATE ${table.name} SET attempts = ?, status = ?, notBefore = ?, lastError = ?, lockedBy = NULL, lockedUntil = NULL WHERE id = ? AND lockedBy = ?`,
      [attempts, giveUp ? 'failed' : 'pending', sqlInstant(failure.retryAt), failure.reason.slice(0, 300), row.id, token],
    );
  }
}

/** Nothing is to be sent for these rows: kept with the reason, so the scan does not write them again. */
export async function cancelRows(dataSource: DataSource, table: SideOutboxTable, token: string, ids: readonly string[], reason: string): Promise<void> {
  if (ids.length === 0) return;
  await dataSource.query(`UPDATE ${table.name} SET status = 'cancelled', lastError = ?, lockedBy = NULL, lockedUntil = NULL WHERE id IN (${list(ids)}) AND lockedBy = ?`, [
    reason.slice(0, 300),
    ...ids,
    token,
  ]);
}

/** Rows that are no longer news are deleted rather than settled, so that a later scan may write them anew. */
export async function deleteRows(dataSource: DataSource, table: SideOutboxTable, token: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await dataSource.query(`DELETE FROM ${table.name} WHERE id IN (${list(ids)}) AND lockedBy = ?`, [...ids, token]);
}

/**
 * Just before sending: extends this worker's hold on the rows, and says whether it still had all
 * of them. A worker slowed down past its lock (a slow SMTP server, a long batch) finds that another
 * worker claimed the rows meanwhile, and leaves the sending to it rather than send the e-mail twice.
 */
export async function renewHold(dataSource: DataSource, table: SideOutboxTable, token: string, ids: readonly string[], now: Date, lockMs: number): Promise<boolean> {
  if (ids.length === 0) return false;
  const until = sqlInstant(new Date(now.getTime() + lockMs));
  await dataSource.query(`UPDATE ${table.name} SET lockedUntil = ? WHERE id IN (${list(ids)}) AND lockedBy = ? AND lockedUntil > ?`, [until, ...ids, token, sqlInstant(now)]);
  const held = await queryRows(dataSource, readCountRow, `SELECT COUNT(*) AS n FROM ${table.name} WHERE id IN (${list(ids)}) AND lockedBy = ? AND lockedUntil = ?`, [...ids, token, until]);
  return Number(held[0]?.n ?? 0) === ids.length;
}
