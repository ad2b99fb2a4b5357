import type { DataSource } from 'typeorm';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { messageResource, queryMessagesFor } from './load-message.js';

/** Requests and invitations at most listed on a home page; the inbox has the rest. */
const HOME_LIMIT = 20;

/** The condition on a message `m` and the reader's receipt `r` of `listAwaitingMyAnswer`. */
export const AWAITING_MY_ANSWER_WHERE = `r.personId IS NOT NULL AND m.kind IN ('request', 'invitation') AND r.answer IS NULL AND m.recalledAt IS NULL
     ORDER BY m.createdAt, m.id LIMIT ${HOME_LIMIT}`;

/** A request or invitation as a home page lists it. */
export interface RequestSummary {
  readonly messageId: string;
  readonly kind: 'request' | 'invitation';
  readonly requestKind: string | null;
  readonly subject: string | null;
  /** The language the subject is written in. */
  readonly language: string;
  readonly senderName: string;
  readonly sentAt: Date;
  /** For the sender: families (guardians) who have not answered yet. */
  readonly missingAnswers: number;
}

/**
 * Requests and invitations still waiting for the reader's own answer, oldest first (the one asked
 * first is likely needed first). An authorisation is listed only to those the policy lets answer
 * it (full parental authority), as `answer` itself checks; recalled ones wait for no one.
 */
export async function listAwaitingMyAnswer(dataSource: DataSource, actor: Actor): Promise<RequestSummary[]> {
  const messages = await queryMessagesFor(dataSource, actor, AWAITING_MY_ANSWER_WHERE, []);
  return messages
    .filter((message) => can(actor, message.requestKind === 'authorisation' ? 'answer' : 'read', messageResource(actor, message)))
    .map((message) => summary(message, 0));
}

/** The reader's own requests and invitations that some recipients have not answered yet, newest first. */
export async function listMissingAnswers(dataSource: DataSource, actor: Actor): Promise<RequestSummary[]> {
  const messages = await queryMessagesFor(
    dataSource,
    actor,
    `m.senderId = ? AND m.kind IN ('request', 'invitation') AND m.recalledAt IS NULL
       AND EXISTS (SELECT 1 FROM message_recipient w WHERE w.messageId = m.id AND w.answer IS NULL AND w.role = 'guardian')
     ORDER BY m.createdAt DESC, m.id LIMIT ${HOME_LIMIT}`,
    [actor.personId],
  );
  const readable = messages.filter((message) => can(actor, 'read', messageResource(actor, message)));
  if (readable.length === 0) return [];
  const counts = (await dataSource.query(
    `SELECT messageId, COUNT(*) AS missing FROM message_recipient WHERE answer IS NULL AND role = 'guardian' AND messageId IN (${readable.map(() => '?').join(', ')}) GROUP BY messageId`,
    readable.map((message) => message.id),
  )) as { messageId: string; missing: number | string }[];
  const missing = new Map(counts.map((row) => [row.messageId, Number(row.missing)]));
  return readable.map((message) => summary(message, missing.get(message.id) ?? 0));
}

function summary(message: Awaited<ReturnType<typeof queryMessagesFor>>[number], missingAnswers: number): RequestSummary {
  return {
    messageId: message.id,
    kind: message.kind as 'request' | 'invitation',
    requestKind: message.requestKind,
    subject: message.subject,
    language: message.language,
    senderName: message.senderName,
    sentAt: message.createdAt,
    missingAnswers,
  };
}
