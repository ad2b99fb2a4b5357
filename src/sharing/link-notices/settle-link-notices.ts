import type { DataSource } from 'typeorm';
import { cancelRows, deleteRows, markRowsFailed, markRowsSent, type AttemptFailure } from '../../notify/side-outbox/settle-rows.js';
import { LINK_NOTICE_TABLE, type ClaimedNotice } from './claim-link-notices.js';

/*
 * Every change below applies only to rows this worker still holds (`lockedBy = token`), as in
 * every side outbox (src/notify/side-outbox/settle-rows.ts).
 */

/** The notices went out in one e-mail the SMTP server accepted. */
export async function markNoticesSent(dataSource: DataSource, token: string, ids: readonly string[], now: Date): Promise<void> {
  await markRowsSent(dataSource, LINK_NOTICE_TABLE, token, ids, now);
}

/**
 * A failed attempt: every notice of the e-mail is tried again at `retryAt` (one instant for all,
 * so they stay one e-mail), or given up after its last attempt or a permanent failure.
 */
export async function markNoticesFailed(dataSource: DataSource, token: string, notices: readonly ClaimedNotice[], failure: AttemptFailure): Promise<void> {
  await markRowsFailed(dataSource, LINK_NOTICE_TABLE, token, notices, failure);
}

/** Nothing may be sent any more for these notices (the link is no longer live): kept, so they are not scheduled again. */
export async function cancelNotices(dataSource: DataSource, token: string, ids: readonly string[], reason: string): Promise<void> {
  await cancelRows(dataSource, LINK_NOTICE_TABLE, token, ids, reason);
}

/**
 * Notices of entries families no longer see are deleted rather than cancelled: if the teacher
 * publishes the entry again, it is news again and the scan notices it anew.
 */
export async function forgetNotices(dataSource: DataSource, token: string, ids: readonly string[]): Promise<void> {
  await deleteRows(dataSource, LINK_NOTICE_TABLE, token, ids);
}
