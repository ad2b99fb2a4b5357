import { readInstant } from '../db/sql-values.js';
import { byNames } from '../i18n/collation.js';
import type { Actor } from '../policy/actor.js';
import { loadMessageFor } from './load-message.js';
import type { MessagingDeps } from './messaging-deps.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** One recipient's receipt, as the sender sees it. */
interface Receipt {
  readonly personId: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly role: string;
  readonly childName: string | null;
  readonly deliveredAt: string | null;
  readonly readAt: string | null;
  readonly acknowledgedAt: string | null;
  readonly answer: string | null;
  readonly answeredAt: string | null;
  /** Who typed in the answer from a paper reply slip, when it came on paper. */
  readonly paperRecordedBy: string | null;
}

/** Who received, read, acknowledged and answered a message, and who has not read it (to call them or give them paper). */
interface ReceiptsView {
  readonly messageId: string;
  readonly kind: string;
  readonly requestKind: string | null;
  readonly total: number;
  readonly read: number;
  readonly answeredYes: number;
  readonly answeredNo: number;
  readonly receipts: readonly Receipt[];
  readonly notRead: readonly Receipt[];
}

const readReceiptRow = rowReader({
  personId: column.text,
  givenName: column.text,
  familyName: column.text,
  role: column.text,
  childGiven: column.nullableText,
  childFamily: column.nullableText,
  deliveredAt: column.nullableInstant,
  readAt: column.nullableInstant,
  acknowledgedAt: column.nullableInstant,
  answer: column.nullableText,
  answeredAt: column.nullableInstant,
  paperGiven: column.nullableText,
  paperFamily: column.nullableText,
});

const iso = (value: unknown): string | null => (value === null || value === undefined ? null : readInstant(value).toISOString());

/** The receipts of a message, for its sender and the director. */
export async function loadReceipts(deps: MessagingDeps, actor: Actor, messageId: string): Promise<ReceiptsView> {
  const message = await loadMessageFor(deps.dataSource, actor, messageId, 'viewReceipts');
  const rows = await queryRows(deps.dataSource, readReceiptRow, `SELECT r.personId AS personId, p.givenName AS givenName, p.familyName AS familyName, r.role AS role,
            c.givenName AS childGiven, c.familyName AS childFamily,
            r.deliveredAt AS deliveredAt, r.readAt AS readAt, r.acknowledgedAt AS acknowledgedAt, r.answer AS answer, r.answeredAt AS answeredAt,
            k.givenName AS paperGiven, k.familyName AS paperFamily
       FROM message_recipient r
       JOIN person p ON p.id = r.personId
       LEFT JOIN person c ON c.id = r.pupilId AND r.role = 'guardian'
       LEFT JOIN paper_answer pa ON pa.messageId = r.messageId AND pa.personId = r.personId
       LEFT JOIN person k ON k.id = pa.recordedById
      WHERE r.messageId = ?`,
    [messageId]);
  const receipts = rows
    .map(
      (row): Receipt => ({
        personId: row.personId,
        givenName: row.givenName,
        familyName: row.familyName,
        role: row.role,
        childName: row.childGiven ? `${row.childGiven} ${row.childFamily ?? ''}`.trim() : null,
        deliveredAt: iso(row.deliveredAt),
        readAt: iso(row.readAt),
        acknowledgedAt: iso(row.acknowledgedAt),
        answer: row.answer,
        answeredAt: iso(row.answeredAt),
        paperRecordedBy: row.paperGiven ? `${row.paperGiven} ${row.paperFamily ?? ''}`.trim() : null,
      }),
    )
    .sort(byNames((receipt) => [receipt.familyName, receipt.givenName]));
  return {
    messageId,
    kind: message.kind,
    requestKind: message.requestKind,
    total: receipts.length,
    read: receipts.filter((receipt) => receipt.readAt).length,
    answeredYes: receipts.filter((receipt) => receipt.answer === 'yes').length,
    answeredNo: receipts.filter((receipt) => receipt.answer === 'no').length,
    receipts,
    notRead: receipts.filter((receipt) => !receipt.readAt),
  };
}
