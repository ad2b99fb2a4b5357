import type { DataSource } from 'typeorm';
import { sqlInstant } from '../../db/sql-values.js';
import { MAX_ATTEMPTS } from '../../notify/backoff.js';
import type { ClaimedNotice } from './claim-link-notices.js';

const list = (ids: readonly string[]) => ids.map(() => '?').join(',');

/*
 * Every change below applies only to rows this worker still holds (`lockedBy = token`): a worker
 * whose lock expired while it was sending does not overwrite what the next holder decided.
 */

/** The notices went out in one e-mail the SMTP server accepted. */
export async function markNoticesSent(dataSource: DataSource, token: string, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await dataSource.query(`UPDATE link_notice SET status = 'sent', sentAt = ?, lockedBy = NULL, lockedUntil = NULL WHERE id IN (${list(ids)}) AND lockedBy = ?`, [
    sqlInstant(now),
    ...ids,
    token,
  ]);
}

/**
 * A failed attempt: every notice of the e-mail is tried again at `retryAt` (one instant for all,
 * so they stay one e-mail), or given up after its last attempt or a permanent failure.
 */
export async function markNoticesFailed(
  dataSource: DataSource,
  token: string,
  notices: readonly ClaimedNotice[],
  failure: { reason: string; permanent: boolean; retryAt: Date },
): Promise<void> {
  for (const notice of notices) {
    const attempts = notice.attempts + 1;
    const giveUp = failure.permanent || attempts >= MAX_ATTEMPTS;
    await dataSource.query(
      `UPDATE link_notice SET attempts = ?, status = ?, notBefore = ?, lastError = ?, lockedBy = NULL, lockedUntil = NULL WHERE id = ? AND lockedBy = ?`,
      [attempts, giveUp ? 'failed' : 'pending', sqlInstant(failure.retryAt), failure.reason.slice(0, 300), notice.id, token],
    );
  }
}

/** Nothing may be sent any more for these notices (the link is no longer live): kept, so they are not scheduled again. */
export async function cancelNotices(dataSource: DataSource, token: string, ids: readonly string[], reason: string): Promise<void> {
  if (ids.length === 0) return;
  await dataSource.query(`UPDATE link_notice SET status = 'cancelled', lastError = ?, lockedBy = NULL, lockedUntil = NULL WHERE id IN (${list(ids)}) AND lockedBy = ?`, [
    reason,
    ...ids,
    token,
  ]);
}

/**
 * Notices of entries families no longer see are deleted rather than cancelled: if the teacher
 * publishes the entry again, it is news again and the scan notices it anew.
 */
export async function forgetNotices(dataSource: DataSource, token: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await dataSource.query(`DELETE FROM link_notice WHERE id IN (${list(ids)}) AND lockedBy = ?`, [...ids, token]);
}
