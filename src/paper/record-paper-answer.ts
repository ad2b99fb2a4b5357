import { recordAuditEvent } from '../audit/record-audit-event.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import { runInTransaction } from '../db/transaction.js';
import { inForce } from '../directory/in-force.js';
import { AppError } from '../http/errors.js';
import { loadMessageFor } from '../messaging/load-message.js';
import type { MessagingDeps } from '../messaging/messaging-deps.js';
import { PaperAnswer } from '../model/paper-answer.js';
import type { Actor } from '../policy/actor.js';
import { asksAnswer } from './important-message.js';

/**
 * Records the answer a guardian gave on a paper reply slip, as the teacher reads it: it becomes
 * that guardian's answer (counted with the others), and the receipts say it came on paper and who
 * recorded it. An authorisation slip counts only from a guardian with parental authority, as
 * online. A later online answer, or a second slip, replaces it. Audited.
 */
export async function recordPaperAnswer(deps: MessagingDeps, actor: Actor, messageId: string, guardianId: string, answer: 'yes' | 'no'): Promise<void> {
  const message = await loadMessageFor(deps.dataSource, actor, messageId, 'handlePaper');
  if (message.recalledAt !== null) throw new AppError('MESSAGE_RECALLED');
  if (!asksAnswer(message)) throw new AppError('MESSAGE_NOT_ANSWERABLE');
  const rows = await queryRows(
    deps.dataSource,
    rowReader({ status: column.nullableText }),
    `SELECT g.status AS status
       FROM message_recipient r
       LEFT JOIN guardianship g ON g.childId = r.pupilId AND g.guardianId = r.personId AND g.schoolId = ? AND g.approval = 'approved'
            AND ${inForce('g', 'effectiveFrom', 'effectiveTo')}
      WHERE r.messageId = ? AND r.personId = ? AND r.role = 'guardian'`,
    [message.schoolId, sqlInstant(deps.clock.now()), sqlInstant(deps.clock.now()), messageId, guardianId],
  );
  if (rows.length === 0) throw new AppError('PAPER_NOT_A_RECIPIENT');
  const statuses = rows.map((row) => row.status);
  if (statuses.includes('noAccess') || statuses.every((status) => status === null)) throw new AppError('PAPER_NOT_A_RECIPIENT');
  if (message.requestKind === 'authorisation' && !statuses.includes('full')) throw new AppError('PAPER_ANSWER_NOT_ALLOWED');
  const now = deps.clock.now();
  await runInTransaction(deps.dataSource, async (manager) => {
    const at = sqlInstant(now);
    await manager.query(
      'UPDATE message_recipient SET answer = ?, answeredAt = ?, readAt = COALESCE(readAt, ?), deliveredAt = COALESCE(deliveredAt, ?) WHERE messageId = ? AND personId = ?',
      [answer, at, at, at, messageId, guardianId],
    );
    await manager.delete(PaperAnswer, { messageId, personId: guardianId });
    await manager.insert(PaperAnswer, { messageId, personId: guardianId, answer, recordedById: actor.personId, recordedAt: now });
    await recordAuditEvent(manager, {
      schoolId: message.schoolId,
      actorId: actor.personId,
      action: 'messaging.paperAnswerRecorded',
      subjectKind: 'message',
      subjectId: messageId,
      detail: { guardianId, answer },
      at: now,
    });
  });
}
