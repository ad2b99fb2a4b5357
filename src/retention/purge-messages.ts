import type { EntityManager } from 'typeorm';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import { recordPendingObjects, storedKeysOf } from './pending-objects.js';

/** What one batch of old threads removed. */
export interface MessagePurge {
  readonly messages: number;
  readonly files: number;
}

const list = (values: readonly unknown[]) => values.map(() => '?').join(', ');
const readId = rowReader({ id: column.text });

/**
 * Deletes, in the caller's transaction, up to `threadLimit` of the school's threads whose last
 * message was sent before `sentBefore`, with their recipients and receipts, reactions,
 * notifications, attachments and the files no other message still uses (their bytes through
 * `retention_pending_object`). Whole threads, so a reply never outlives the message it answers;
 * threads about a child under a legal hold stay. Chosen in id order, so a repeat after a crash
 * takes the same ones.
 */
export async function purgeOldThreads(manager: EntityManager, schoolId: string, sentBefore: Date, now: Date, threadLimit: number): Promise<MessagePurge> {
  const threads = (
    await queryRows(manager, rowReader({ threadId: column.text }), `SELECT threadId FROM message m WHERE schoolId = ?
        AND NOT EXISTS (SELECT 1 FROM message held JOIN retention_hold h ON h.pupilId = held.pupilId AND h.schoolId = held.schoolId AND h.releasedAt IS NULL
                         WHERE held.threadId = m.threadId)
      GROUP BY threadId HAVING MAX(createdAt) < ? ORDER BY threadId LIMIT ${Number(threadLimit)}`, [schoolId, sqlInstant(sentBefore)])
  ).map((row) => row.threadId);
  if (threads.length === 0) return { messages: 0, files: 0 };
  const messages = (await queryRows(manager, readId, `SELECT id FROM message WHERE schoolId = ? AND threadId IN (${list(threads)})`, [schoolId, ...threads])).map((row) => row.id);
  const fileIds = (
    await queryRows(manager, rowReader({ mediaId: column.text }), `SELECT DISTINCT mediaId FROM message_attachment WHERE messageId IN (${list(messages)})`, messages)
  ).map((row) => row.mediaId);
  for (const table of ['notification_job', 'message_recipient', 'message_reaction', 'message_attachment']) {
    await manager.query(`DELETE FROM ${table} WHERE messageId IN (${list(messages)})`, messages);
  }
  await manager.query(`DELETE FROM message WHERE id IN (${list(messages)})`, messages);
  // A file sent again in a later message (a forwarded document) stays with it.
  const stillUsed = new Set(
    fileIds.length === 0
      ? []
      : (await queryRows(manager, rowReader({ mediaId: column.text }), `SELECT DISTINCT mediaId FROM message_attachment WHERE mediaId IN (${list(fileIds)})`, fileIds)).map((row) => row.mediaId),
  );
  const files = fileIds.filter((id) => !stillUsed.has(id));
  if (files.length > 0) {
    await recordPendingObjects(manager, schoolId, await storedKeysOf(manager, 'message_file', files), now);
    await manager.query(`DELETE FROM message_file WHERE schoolId = ? AND id IN (${list(files)})`, [schoolId, ...files]);
  }
  return { messages: messages.length, files: files.length };
}
