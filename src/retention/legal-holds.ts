import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { ModuleContext } from '../context.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError, notFound } from '../http/errors.js';
import { newId } from '../model/columns.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';

/** Longest reason kept (the column's size). */
export const HOLD_REASON_MAX = 500;

/**
 * Suspends the deletion of one child's data in the school (director), with the reason, which is
 * required (`LEGAL_HOLD_REASON_REQUIRED`): a court's request, a complaint under way. A child
 * already under a hold keeps the one in force. Audited. A child who was never a pupil of the
 * school is NOT_FOUND. Returns the hold's id.
 */
export async function placeLegalHold(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor, schoolId: string, pupilId: string, reason: string): Promise<string> {
  if (!can(actor, 'manage', { kind: 'retention', schoolId })) throw notFound();
  const why = reason.trim();
  if (why.length === 0) throw new AppError('LEGAL_HOLD_REASON_REQUIRED', { fields: [{ field: 'reason', problem: 'required' }] });
  if (why.length > HOLD_REASON_MAX) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'reason', problem: 'tooLong' }] });
  return runInTransaction(deps.dataSource, async (manager) => {
    const pupil = await queryRows(manager, rowReader({ id: column.text }), 'SELECT id FROM enrolment WHERE schoolId = ? AND pupilId = ? LIMIT 1', [schoolId, pupilId]);
    if (pupil.length === 0) throw notFound();
    const [existing] = await queryRows(manager, rowReader({ id: column.text }), 'SELECT id FROM retention_hold WHERE schoolId = ? AND pupilId = ? AND releasedAt IS NULL', [schoolId, pupilId]);
    if (existing) return existing.id;
    const id = newId();
    const now = deps.clock.now();
    await manager.query('INSERT INTO retention_hold (id, schoolId, pupilId, reason, placedById, placedAt) VALUES (?, ?, ?, ?, ?, ?)', [id, schoolId, pupilId, why, actor.personId, sqlInstant(now)]);
    await recordAuditEvent(manager, { schoolId, actorId: actor.personId, action: 'retention.holdPlaced', subjectKind: 'pupil', subjectId: pupilId, detail: { reason: why }, at: now });
    return id;
  });
}

/** Ends a hold in force (director), audited: the child's data then follows the delays again. */
export async function releaseLegalHold(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor, schoolId: string, holdId: string): Promise<void> {
  if (!can(actor, 'manage', { kind: 'retention', schoolId })) throw notFound();
  await runInTransaction(deps.dataSource, async (manager) => {
    const [hold] = await queryRows(manager, rowReader({ pupilId: column.text }), 'SELECT pupilId FROM retention_hold WHERE id = ? AND schoolId = ? AND releasedAt IS NULL', [holdId, schoolId]);
    if (!hold) throw notFound();
    const now = deps.clock.now();
    await manager.query('UPDATE retention_hold SET releasedAt = ?, releasedById = ? WHERE id = ?', [sqlInstant(now), actor.personId, holdId]);
    await recordAuditEvent(manager, { schoolId, actorId: actor.personId, action: 'retention.holdReleased', subjectKind: 'pupil', subjectId: hold.pupilId, detail: {}, at: now });
  });
}
