import { createHash } from 'node:crypto';
import { isUniqueViolation } from '../db/unique-violation.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError } from '../http/errors.js';
import { newId } from '../model/columns.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { resolveAudience } from './audience.js';
import type { SendMessageInput } from './inputs.js';
import type { MessagingDeps } from './messaging-deps.js';
import { planNotifications } from './plan-notifications.js';
import { attachFiles } from './files/attach-files.js';
import { storeMessage } from './store-message.js';
import { readPreferredLanguageRow } from '../db/common-rows.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** A message accepted (or found again for a retried request). */
interface AcceptedMessage {
  readonly id: string;
  readonly threadId: string;
  readonly recipientCount: number;
  readonly createdAt: Date;
}

/** The outcome of a send: the messages (one per guardian when written separately), and whether this was a replay. */
interface SendOutcome {
  readonly replayed: boolean;
  readonly messages: readonly AcceptedMessage[];
}

/**
 * Sends a message: checks who may be written to, stores the message, its recipients and its
 * notification jobs in one transaction, then wakes the worker. With an idempotency key, a retry
 * of the same request returns the messages already stored instead of adding new ones.
 */
export async function sendMessage(deps: MessagingDeps, actor: Actor, input: SendMessageInput, idempotencyKey: string | null): Promise<SendOutcome> {
  const { dataSource, clock } = deps;
  const requestHash = idempotencyKey ? createHash('sha256').update(JSON.stringify(input)).digest('hex') : null;
  if (idempotencyKey) {
    const earlier = await findByIdempotencyKey(deps, actor.personId, idempotencyKey, requestHash!);
    if (earlier) return earlier;
  }
  const now = clock.now();
  // Independent reads go together: on MariaDB each takes its own pooled connection.
  const [audience, language] = await Promise.all([
    resolveAudience(dataSource, actor, input.to, input.copyPupil, now),
    input.language ?? senderLanguage(deps, actor.personId),
  ]);
  const { school } = audience;
  if (input.urgent && !can(actor, 'send', { kind: 'urgentMessage', schoolId: school.id, urgentRoles: school.settings.messaging.urgentRoles })) {
    throw new AppError('MESSAGE_URGENT_NOT_ALLOWED');
  }
  const everyone = [...new Set(audience.messages.flat().map((recipient) => recipient.personId))];
  const planned = await planNotifications(dataSource, school, everyone, deps.channels, input.urgent, now);

  const messages = audience.messages.map((recipients, index) => {
    const id = newId();
    const ids = new Set(recipients.map((recipient) => recipient.personId));
    return {
      id,
      schoolId: school.id,
      threadId: id,
      senderId: actor.personId,
      audience: audience.audience,
      classId: audience.classId,
      pupilId: audience.pupilId,
      kind: input.kind,
      requestKind: input.requestKind ?? null,
      subject: input.subject || null,
      body: input.body,
      language,
      urgent: input.urgent,
      copyPupil: input.copyPupil,
      // Messages written separately to each guardian share the key, numbered after the first.
      idempotencyKey: idempotencyKey === null ? null : index === 0 ? idempotencyKey : `${idempotencyKey}#${index}`,
      requestHash,
      recipients,
      attachments: input.attachments,
      notifications: planned.filter((job) => ids.has(job.recipientId)),
    };
  });
  try {
    await runInTransaction(dataSource, async (manager) => {
      await attachFiles(manager, actor.personId, school.id, input.attachments, now);
      for (const message of messages) await storeMessage(manager, message, now);
    });
  } catch (error) {
    // The same key arrived twice at once: the other request stored the message (and took its files).
    const lostTheRace = isUniqueViolation(error) || (error instanceof AppError && error.code === 'MESSAGE_ATTACHMENT_UNAVAILABLE');
    if (idempotencyKey && lostTheRace) {
      const earlier = await findByIdempotencyKey(deps, actor.personId, idempotencyKey, requestHash!);
      if (earlier) return earlier;
    }
    throw error;
  }
  deps.onAccepted();
  return {
    replayed: false,
    messages: messages.map((message) => ({ id: message.id, threadId: message.threadId, recipientCount: message.recipients.length, createdAt: now })),
  };
}

async function senderLanguage(deps: MessagingDeps, personId: string): Promise<string> {
  const rows = await queryRows(deps.dataSource, readPreferredLanguageRow, 'SELECT preferredLanguage FROM person WHERE id = ?', [personId]);
  return rows[0]?.preferredLanguage ?? 'fr';
}

/** The messages an earlier request with this key stored; a different request under the same key is refused. */
export async function findByIdempotencyKey(deps: MessagingDeps, senderId: string, key: string, requestHash: string): Promise<SendOutcome | undefined> {
  const rows = await rowsSentUnderKey(deps, senderId, key);
  if (rows.length === 0) return undefined;
  if (rows.some((row) => row.requestHash !== requestHash)) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return {
    replayed: true,
    messages: rows.map((row) => ({ id: row.id, threadId: row.threadId, recipientCount: row.recipientCount, createdAt: row.createdAt })),
  };
}

/**
 * The first message a person sent under a key, whatever it said: where a form sent twice (a
 * double tap, a draft sent again) leads, even when its files were uploaded again under new ids.
 */
export async function firstMessageSentUnderKey(deps: MessagingDeps, senderId: string, key: string): Promise<string | undefined> {
  return (await rowsSentUnderKey(deps, senderId, key))[0]?.id;
}

async function rowsSentUnderKey(deps: MessagingDeps, senderId: string, key: string) {
  // `key`, then `key#1`, `key#2`…: "#" sorts before "$", and keys cannot contain either.
  return queryRows(
    deps.dataSource,
    rowReader({ id: column.text, threadId: column.text, recipientCount: column.number, createdAt: column.instant, requestHash: column.nullableText }),
    `SELECT id, threadId, recipientCount, createdAt, requestHash FROM message
      WHERE senderId = ? AND (idempotencyKey = ? OR (idempotencyKey >= ? AND idempotencyKey < ?))
      ORDER BY createdAt, idempotencyKey`,
    [senderId, key, `${key}#`, `${key}$`],
  );
}
