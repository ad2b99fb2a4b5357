import type { DataSource } from 'typeorm';
import { AppError, notFound } from '../http/errors.js';
import { MESSAGE_AUDIENCES, MESSAGE_KINDS, REQUEST_KINDS } from '../model/message.js';
import type { MessageContent } from './message-content.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import type { ActionOn, ResourceOf } from '../policy/resources.js';
import { column, nullable, queryRows, rowReader } from '../db/row-reader.js';
import { pupilExchangeOf, type PupilExchange } from './pupil-exchange.js';

/** A message row with the reader's own recipient row, when they are a recipient. */
export interface LoadedMessage extends MessageContent {
  readonly senderName: string;
  readonly createdAt: Date;
  readonly recalledAt: Date | null;
  readonly recipientCount: number;
  /** Set when the message belongs to a pupil's own exchange with a teacher (see `pupilExchangeOf`). */
  readonly pupilExchange: PupilExchange | null;
  /** The reader's receipt, or null when the reader is not a recipient (the sender, the director). */
  readonly own: { pupilId: string | null; readAt: Date | null; acknowledgedAt: Date | null; answer: string | null; answeredAt: Date | null } | null;
}

const readMessageRow = rowReader({
  id: column.text,
  schoolId: column.text,
  threadId: column.text,
  senderId: column.text,
  senderGiven: column.text,
  senderFamily: column.text,
  audience: column.oneOf(MESSAGE_AUDIENCES),
  classId: column.nullableText,
  pupilId: column.nullableText,
  kind: column.oneOf(MESSAGE_KINDS),
  requestKind: nullable(column.oneOf(REQUEST_KINDS)),
  subject: column.nullableText,
  body: column.text,
  language: column.text,
  urgent: column.flag,
  createdAt: column.instant,
  recalledAt: column.nullableInstant,
  recipientCount: column.number,
  ownPerson: column.nullableText,
  ownPupil: column.nullableText,
  readAt: column.nullableInstant,
  acknowledgedAt: column.nullableInstant,
  answer: column.nullableText,
  answeredAt: column.nullableInstant,
  threadAudience: column.oneOf(MESSAGE_AUDIENCES),
  schoolSettingsJson: column.text,
});
type Row = ReturnType<typeof readMessageRow>;

/** SELECT list and joins shared by single-message and thread reads; one `?` (the reader) before the WHERE's. */
export const MESSAGE_SELECT = `
SELECT m.id AS id, m.schoolId AS schoolId, m.threadId AS threadId, m.senderId AS senderId, s.givenName AS senderGiven, s.familyName AS senderFamily,
       m.audience AS audience, m.classId AS classId, m.pupilId AS pupilId, m.kind AS kind, m.requestKind AS requestKind, m.subject AS subject,
       m.body AS body, m.language AS language, m.urgent AS urgent, m.createdAt AS createdAt, m.recalledAt AS recalledAt, m.recipientCount AS recipientCount,
       r.personId AS ownPerson, r.pupilId AS ownPupil, r.readAt AS readAt, r.acknowledgedAt AS acknowledgedAt, r.answer AS answer, r.answeredAt AS answeredAt,
       t.audience AS threadAudience, sc.settingsJson AS schoolSettingsJson
  FROM message m
  JOIN person s ON s.id = m.senderId
  JOIN message t ON t.id = m.threadId
  JOIN school sc ON sc.id = m.schoolId
  LEFT JOIN message_recipient r ON r.messageId = m.id AND r.personId = ?`;

/** Turns a row of `MESSAGE_SELECT` into a `LoadedMessage`. */
function messageFromRow(row: Row): LoadedMessage {
  return {
    id: row.id,
    schoolId: row.schoolId,
    threadId: row.threadId,
    senderId: row.senderId,
    senderName: `${row.senderGiven} ${row.senderFamily}`,
    audience: row.audience,
    classId: row.classId,
    pupilId: row.pupilId,
    kind: row.kind,
    requestKind: row.requestKind,
    subject: row.subject,
    body: row.body,
    language: row.language,
    urgent: row.urgent,
    createdAt: row.createdAt,
    recalledAt: row.recalledAt,
    recipientCount: row.recipientCount,
    pupilExchange: pupilExchangeOf(row),
    own: row.ownPerson
      ? {
          pupilId: row.ownPupil,
          readAt: row.readAt,
          acknowledgedAt: row.acknowledgedAt,
          answer: row.answer,
          answeredAt: row.answeredAt,
        }
      : null,
  };
}

/** The policy's view of a message, for this reader. */
export function messageResource(actor: Actor, message: LoadedMessage): ResourceOf<'message'> {
  return {
    kind: 'message',
    schoolId: message.schoolId,
    senderId: message.senderId,
    recipientIds: message.own ? [actor.personId] : [],
    pupilId: message.own?.pupilId ?? null,
    pupilExchange: message.pupilExchange,
  };
}

/** A message the actor may act on as `action`; NOT_FOUND otherwise (ids cannot be probed). */
export async function loadMessageFor(dataSource: DataSource, actor: Actor, messageId: string, action: ActionOn<'message'>): Promise<LoadedMessage> {
  const rows = await queryRows(dataSource, readMessageRow, `${MESSAGE_SELECT} WHERE m.id = ?`, [actor.personId, messageId]);
  const row = rows[0];
  if (!row) throw notFound();
  const message = messageFromRow(row);
  const resource = messageResource(actor, message);
  if (can(actor, action, resource)) return message;
  // Someone who may read it but not do this is told so; anyone else learns nothing.
  if (can(actor, 'read', resource)) throw new AppError('FORBIDDEN');
  throw notFound();
}

/**
 * Messages matching `where` (a condition on `m` and the reader's receipt `r`), as the reader's
 * rows; the caller asks the policy about each (see `messageResource`).
 */
export async function queryMessagesFor(dataSource: DataSource, actor: Actor, where: string, parameters: readonly unknown[]): Promise<LoadedMessage[]> {
  const rows = (await dataSource.query(`${MESSAGE_SELECT} WHERE ${where}`, [actor.personId, ...parameters])) as Row[];
  return rows.map(messageFromRow);
}

/** Every message of a thread the actor may read, oldest first. */
export async function loadThreadFor(dataSource: DataSource, actor: Actor, threadId: string): Promise<LoadedMessage[]> {
  const rows = await queryRows(dataSource, readMessageRow, `${MESSAGE_SELECT} WHERE m.threadId = ? ORDER BY m.createdAt, CASE WHEN m.id = m.threadId THEN 0 ELSE 1 END, m.id`, [actor.personId, threadId]);
  return rows.map(messageFromRow).filter((message) => can(actor, 'read', messageResource(actor, message)));
}
