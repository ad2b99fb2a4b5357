import type { EntityManager } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import { newId } from '../model/columns.js';
import type { Recipient } from './audience.js';
import type { MessageContent } from './message-content.js';
import { insertRows } from './insert-rows.js';
import type { PlannedNotification } from './plan-notifications.js';

/** A message about to be written, with everything written with it. */
interface NewMessage extends MessageContent {
  readonly copyPupil: boolean;
  readonly idempotencyKey: string | null;
  readonly requestHash: string | null;
  readonly recipients: readonly Recipient[];
  readonly attachments: readonly { mediaId: string; kind: string }[];
  readonly notifications: readonly PlannedNotification[];
}

/**
 * Writes a message, its recipients, its attachments and its notification jobs, inside the
 * caller's transaction: the outbox row exists if and only if the message does.
 */
export async function storeMessage(manager: EntityManager, message: NewMessage, now: Date): Promise<void> {
  const at = sqlInstant(now);
  await manager.query(
    `INSERT INTO message (id, schoolId, threadId, senderId, audience, classId, pupilId, kind, requestKind, subject, body, language, urgent, copyPupil,
                          idempotencyKey, requestHash, recipientCount, createdAt, recalledAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
    [
      message.id,
      message.schoolId,
      message.threadId,
      message.senderId,
      message.audience,
      message.classId,
      message.pupilId,
      message.kind,
      message.requestKind,
      message.subject,
      message.body,
      message.language,
      message.urgent ? 1 : 0,
      message.copyPupil ? 1 : 0,
      message.idempotencyKey,
      message.requestHash,
      message.recipients.length,
      at,
    ],
  );
  await insertRows(
    manager,
    'message_recipient',
    ['messageId', 'personId', 'role', 'pupilId'],
    message.recipients.map((recipient) => [message.id, recipient.personId, recipient.role, recipient.pupilId]),
  );
  await insertRows(
    manager,
    'message_attachment',
    ['id', 'messageId', 'mediaId', 'kind', 'position'],
    message.attachments.map((attachment, position) => [newId(), message.id, attachment.mediaId, attachment.kind, position]),
  );
  await insertRows(
    manager,
    'notification_job',
    ['id', 'messageId', 'recipientId', 'channel', 'status', 'notBefore', 'attempts', 'createdAt'],
    message.notifications.map((job) => [newId(), message.id, job.recipientId, job.channel, 'pending', sqlInstant(job.notBefore), 0, at]),
  );
}
