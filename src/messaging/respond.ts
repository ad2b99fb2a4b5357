import { createHash } from 'node:crypto';
import { isUniqueViolation } from '../db/unique-violation.js';
import { sqlInstant } from '../db/sql-values.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError } from '../http/errors.js';
import { newId } from '../model/columns.js';
import type { Actor } from '../policy/actor.js';
import type { Recipient } from './audience.js';
import type { REACTIONS } from './inputs.js';
import { loadMessageFor, type LoadedMessage } from './load-message.js';
import type { MessagingDeps } from './messaging-deps.js';
import { planNotifications } from './plan-notifications.js';
import { loadSchoolFacts } from './school-facts.js';
import { findByIdempotencyKey } from './send-message.js';
import { storeMessage } from './store-message.js';
import { readPreferredLanguageRow } from '../db/common-rows.js';
import { queryRows } from '../db/row-reader.js';

/** Records that the reader opened the message (first time only); the sender's view shows it. */
export async function markRead(deps: MessagingDeps, actor: Actor, messageId: string): Promise<void> {
  const message = await loadMessageFor(deps.dataSource, actor, messageId, 'read');
  if (!message.own || message.own.readAt) return;
  const at = sqlInstant(deps.clock.now());
  await deps.dataSource.query(
    'UPDATE message_recipient SET readAt = ?, deliveredAt = COALESCE(deliveredAt, ?) WHERE messageId = ? AND personId = ? AND readAt IS NULL',
    [at, at, messageId, actor.personId],
  );
}

/** "Seen": the recipient confirms they took note (what the paper notebook's signature was for). */
export async function acknowledge(deps: MessagingDeps, actor: Actor, messageId: string): Promise<void> {
  const message = await loadMessageFor(deps.dataSource, actor, messageId, 'respond');
  notRecalled(message);
  if (!message.own) throw new AppError('MESSAGE_NOT_ANSWERABLE');
  const at = sqlInstant(deps.clock.now());
  await deps.dataSource.query(
    'UPDATE message_recipient SET acknowledgedAt = COALESCE(acknowledgedAt, ?), readAt = COALESCE(readAt, ?), deliveredAt = COALESCE(deliveredAt, ?) WHERE messageId = ? AND personId = ?',
    [at, at, at, messageId, actor.personId],
  );
}

/**
 * Yes or no to a request, or to an invitation. An authorisation is a decision for the child:
 * only guardians with full parental authority may give it. Each guardian answers for themself.
 */
export async function answer(deps: MessagingDeps, actor: Actor, messageId: string, value: 'yes' | 'no'): Promise<void> {
  const probe = await loadMessageFor(deps.dataSource, actor, messageId, 'read');
  const message = probe.requestKind === 'authorisation' ? await loadMessageFor(deps.dataSource, actor, messageId, 'answer') : probe;
  notRecalled(message);
  if (!message.own || (message.kind !== 'request' && message.kind !== 'invitation')) throw new AppError('MESSAGE_NOT_ANSWERABLE');
  const at = sqlInstant(deps.clock.now());
  await deps.dataSource.query(
    'UPDATE message_recipient SET answer = ?, answeredAt = ?, readAt = COALESCE(readAt, ?), deliveredAt = COALESCE(deliveredAt, ?) WHERE messageId = ? AND personId = ?',
    [value, at, at, at, messageId, actor.personId],
  );
}

/** Adds a quick reaction, or takes it back when the person had already given it. Returns whether it is now on. */
export async function toggleReaction(deps: MessagingDeps, actor: Actor, messageId: string, reaction: (typeof REACTIONS)[number]): Promise<boolean> {
  const message = await loadMessageFor(deps.dataSource, actor, messageId, 'respond');
  notRecalled(message);
  return runInTransaction(deps.dataSource, async (manager) => {
    const existing = (await manager.query('SELECT reaction FROM message_reaction WHERE messageId = ? AND personId = ? AND reaction = ?', [
      messageId,
      actor.personId,
      reaction,
    ])) as unknown[];
    if (existing.length > 0) {
      await manager.query('DELETE FROM message_reaction WHERE messageId = ? AND personId = ? AND reaction = ?', [messageId, actor.personId, reaction]);
      return false;
    }
    await manager.query('INSERT INTO message_reaction (messageId, personId, reaction, createdAt) VALUES (?, ?, ?, ?)', [
      messageId,
      actor.personId,
      reaction,
      sqlInstant(deps.clock.now()),
    ]);
    return true;
  });
}

/**
 * The sender takes a message back within the school's delay: recipients then see that it was
 * recalled, without its content, and its notifications not yet sent are cancelled.
 */
export async function recall(deps: MessagingDeps, actor: Actor, messageId: string): Promise<void> {
  const message = await loadMessageFor(deps.dataSource, actor, messageId, 'recall');
  notRecalled(message);
  const school = await loadSchoolFacts(deps.dataSource, message.schoolId);
  const now = deps.clock.now();
  const delayMs = (school?.settings.messaging.recallMinutes ?? 60) * 60_000;
  if (now.getTime() - message.createdAt.getTime() > delayMs) throw new AppError('MESSAGE_RECALL_EXPIRED');
  await runInTransaction(deps.dataSource, async (manager) => {
    await manager.query('UPDATE message SET recalledAt = ? WHERE id = ? AND recalledAt IS NULL', [sqlInstant(now), messageId]);
    await manager.query("UPDATE notification_job SET status = 'cancelled' WHERE messageId = ? AND status = 'pending'", [messageId]);
  });
}

/**
 * A reply in a thread. The thread's author answering the first message answers everyone it went
 * to; answering someone's reply answers that person only. Anyone else answers the author only, so
 * a parent never writes to the other families (no reply-all).
 */
export async function reply(
  deps: MessagingDeps,
  actor: Actor,
  messageId: string,
  input: { body: string; language?: string | undefined },
  idempotencyKey: string | null = null,
): Promise<{ id: string; threadId: string; replayed: boolean }> {
  const { dataSource, clock } = deps;
  // A reply retried with its key (a draft typed offline, sent again after a dropped answer) is found, not stored twice.
  const requestHash = idempotencyKey ? createHash('sha256').update(JSON.stringify({ replyTo: messageId, ...input })).digest('hex') : null;
  const earlier = async () => {
    const found = idempotencyKey ? await findByIdempotencyKey(deps, actor.personId, idempotencyKey, requestHash!) : undefined;
    const first = found?.messages[0];
    return first ? { id: first.id, threadId: first.threadId, replayed: true } : undefined;
  };
  const replayed = await earlier();
  if (replayed) return replayed;
  const target = await loadMessageFor(dataSource, actor, messageId, 'respond');
  notRecalled(target);
  const root = target.id === target.threadId ? target : await loadMessageFor(dataSource, actor, target.threadId, 'read').catch(() => target);
  notRecalled(root);
  const rootRecipients = (await dataSource.query('SELECT personId, role, pupilId FROM message_recipient WHERE messageId = ?', [root.threadId])) as Recipient[];
  let recipients: Recipient[];
  if (actor.personId === root.senderId && (target.id === root.id || target.senderId === actor.personId)) {
    recipients = rootRecipients;
  } else if (actor.personId === root.senderId) {
    // The author answering one family's reply answers that person alone, not the whole class.
    const asRecipient = rootRecipients.find((recipient) => recipient.personId === target.senderId);
    recipients = [asRecipient ?? { personId: target.senderId, role: 'staff', pupilId: null }];
  } else if (root.audience === 'pupilToTeacher') {
    // A pupil's own exchange: the teacher's answer goes to that pupil alone, never to the family.
    recipients = [{ personId: root.senderId, role: 'pupil', pupilId: root.senderId }];
  } else {
    // The author receives it through the child the thread is about when the author is a parent.
    const authorIsGuardian = root.audience === 'teacher';
    recipients = [{ personId: root.senderId, role: authorIsGuardian ? 'guardian' : 'staff', pupilId: authorIsGuardian ? root.pupilId : null }];
  }
  const school = await loadSchoolFacts(dataSource, root.schoolId);
  if (!school) throw new AppError('NOT_FOUND');
  const now = clock.now();
  const language =
    input.language ?? (await queryRows(dataSource, readPreferredLanguageRow, 'SELECT preferredLanguage FROM person WHERE id = ?', [actor.personId]))[0]?.preferredLanguage ?? 'fr';
  const notifications = await planNotifications(dataSource, school, recipients.map((recipient) => recipient.personId), deps.channels, false, now);
  const id = newId();
  try {
    await runInTransaction(dataSource, (manager) =>
      storeMessage(
        manager,
        {
          id,
          schoolId: root.schoolId,
          threadId: root.threadId,
          senderId: actor.personId,
          audience: 'reply',
          classId: root.classId,
          pupilId: root.pupilId,
          kind: 'information',
          requestKind: null,
          subject: null,
          body: input.body,
          language,
          urgent: false,
          copyPupil: false,
          idempotencyKey,
          requestHash,
          recipients,
          attachments: [],
          notifications,
        },
        now,
      ),
    );
  } catch (error) {
    // The same key arrived twice at once: the other request stored the reply.
    const stored = idempotencyKey && isUniqueViolation(error) ? await earlier() : undefined;
    if (stored) return stored;
    throw error;
  }
  deps.onAccepted();
  return { id, threadId: root.threadId, replayed: false };
}

function notRecalled(message: LoadedMessage): void {
  if (message.recalledAt) throw new AppError('MESSAGE_RECALLED');
}
