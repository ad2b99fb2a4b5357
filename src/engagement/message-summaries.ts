import type { DataSource } from 'typeorm';
import { engineOf } from '../db/data-source.js';
import { column, queryRows, readRows, rowReader } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import { runInTransaction } from '../db/transaction.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { messageCell, PER_MESSAGE, readMessageSums, type MessageSums, type ReceiptCell } from './school-reach-facts.js';

/**
 * How long a receipt's write may take to commit after the time it stamps: reads and answers
 * stamped up to this long before the latest summary are looked at again.
 */
const COMMIT_MARGIN_MS = 60_000;
const CHUNK = 500;

const readSummary = rowReader({
  messageId: column.text,
  classId: column.nullableText,
  pupilId: column.nullableText,
  sentAt: column.instant,
  receipts: column.count,
  unread: column.count,
  requests: column.count,
  answered: column.count,
  translatedReads: column.count,
  within: column.text,
  computedAt: column.instant,
});

/**
 * The receipts of the school's messages to a class or about one child over a span, from the
 * pre-aggregated summaries (one row per message instead of one per receipt: 4,000 rows instead
 * of 200,000 for a large school's year), computed again only where something changed.
 *
 * Why the summaries stay exact: a message's sums change only when a receipt is read or answered
 * (both stamp the time: `readAt`, `answeredAt`, indexed), when it is recalled (then it leaves the
 * list read here), or when it is new (no summary yet). Each refresh takes W, the latest
 * `computedAt` of the school's summaries less a commit margin, and computes again every message
 * of the span with no summary or with a receipt read or answered after W; what it writes is
 * stamped with the time it started. A receipt written after that start is stamped later, so the
 * next refresh finds it. Nothing is ever trusted that a later write could have changed.
 */
export async function summarisedMessageCells(dataSource: DataSource, schoolId: string, start: Date, end: Date, now: Date): Promise<ReceiptCell[]> {
  const [summaries, messages] = await Promise.all([
    queryRows(
      dataSource,
      readSummary,
      `SELECT messageId, classId, pupilId, sentAt, receipts, unread, requests, answered, translatedReads, readWithin AS within, computedAt
         FROM reach_message_summary WHERE schoolId = ? AND sentAt >= ? AND sentAt < ?`,
      [schoolId, sqlInstant(start), sqlInstant(end)],
    ),
    queryRows(
      dataSource,
      rowReader({ id: column.text }),
      `SELECT m.id FROM message m WHERE m.schoolId = ? AND m.createdAt >= ? AND m.createdAt < ? AND m.recalledAt IS NULL AND ${PER_MESSAGE}`,
      [schoolId, sqlInstant(start), sqlInstant(end)],
    ),
  ]);
  const known = new Map(summaries.map((summary) => [summary.messageId, summary]));
  const stale = new Set(messages.map((message) => message.id).filter((id) => !known.has(id)));
  if (summaries.length > 0) {
    const latest = Math.max(...summaries.map((summary) => summary.computedAt.getTime()));
    const since = sqlInstant(new Date(latest - COMMIT_MARGIN_MS));
    const changed = readRows(
      await dataSource.query(
        `SELECT messageId FROM message_recipient WHERE readAt > ? UNION SELECT messageId FROM message_recipient WHERE answeredAt > ?`,
        [since, since],
      ),
      rowReader({ messageId: column.text }),
    );
    for (const { messageId } of changed) if (known.has(messageId)) stale.add(messageId);
  }
  const listed = new Set(messages.map((message) => message.id));
  const fresh = await computeSummaries(dataSource, schoolId, [...stale], now);
  const cells: ReceiptCell[] = [];
  for (const summary of summaries) if (listed.has(summary.messageId) && !stale.has(summary.messageId)) cells.push(messageCell(summary));
  for (const sums of fresh) cells.push(messageCell(sums));
  return cells;
}

/** Computes and stores the summaries of these messages (a message without guardian receipts gets an empty one). */
async function computeSummaries(dataSource: DataSource, schoolId: string, ids: readonly string[], now: Date): Promise<MessageSums[]> {
  const computed: MessageSums[] = [];
  for (let index = 0; index < ids.length; index += CHUNK) {
    const chunk = ids.slice(index, index + CHUNK);
    const sums = await readMessageSums(dataSource, engineOf(dataSource), schoolId, { ids: chunk });
    computed.push(...sums);
    const found = new Set(sums.map((row) => row.messageId));
    const empty = chunk.filter((id) => !found.has(id));
    await store(dataSource, schoolId, chunk, sums, empty, now);
  }
  return computed;
}

async function store(dataSource: DataSource, schoolId: string, ids: readonly string[], sums: readonly MessageSums[], empty: readonly string[], now: Date): Promise<void> {
  const at = sqlInstant(now);
  const rows: unknown[][] = sums.map((row) => [row.messageId, schoolId, row.classId, row.pupilId, sqlInstant(row.sentAt), row.receipts, row.unread, row.within, row.requests, row.answered, row.translatedReads, at]);
  try {
    await runInTransaction(dataSource, async (manager) => {
      await manager.query(`DELETE FROM reach_message_summary WHERE messageId IN (${ids.map(() => '?').join(', ')})`, [...ids]);
      if (empty.length > 0) {
        // A message no guardian received: its sent time is read once, so that it is not looked at again.
        await manager.query(
          `INSERT INTO reach_message_summary (messageId, schoolId, classId, pupilId, sentAt, receipts, unread, readWithin, requests, answered, translatedReads, computedAt)
           SELECT id, schoolId, NULL, NULL, createdAt, 0, 0, '', 0, 0, 0, ? FROM message WHERE id IN (${empty.map(() => '?').join(', ')})`,
          [at, ...empty],
        );
      }
      if (rows.length > 0) {
        await manager.query(
          `INSERT INTO reach_message_summary (messageId, schoolId, classId, pupilId, sentAt, receipts, unread, readWithin, requests, answered, translatedReads, computedAt)
           VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
          rows.flat(),
        );
      }
    });
  } catch (error) {
    // Another request stored the same summaries meanwhile: theirs are as good; ours are returned.
    if (!isUniqueViolation(error)) throw error;
  }
}
