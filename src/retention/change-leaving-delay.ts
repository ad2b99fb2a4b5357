import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { ModuleContext } from '../context.js';
import { changeSchoolSettings } from '../directory/change-school-settings.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError, notFound } from '../http/errors.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { LEAVING_DELAY_BOUNDS } from './retention-delays.js';

/**
 * Sets how many days after someone left their data is deleted (director), within the bounds
 * (`RETENTION_DELAY_OUT_OF_BOUNDS` otherwise, nothing changed), audited with the delay before
 * and after. The next run of the retention job and every page showing the table follow it.
 */
export async function changeLeavingDelay(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor, schoolId: string, days: number): Promise<void> {
  if (!can(actor, 'manage', { kind: 'retention', schoolId })) throw notFound();
  if (!Number.isInteger(days) || days < LEAVING_DELAY_BOUNDS.min || days > LEAVING_DELAY_BOUNDS.max) {
    throw new AppError('RETENTION_DELAY_OUT_OF_BOUNDS');
  }
  await runInTransaction(deps.dataSource, async (manager) => {
    const { before } = await changeSchoolSettings(manager, schoolId, (current) => ({ ...current, retentionDaysAfterLeaving: days }));
    await recordAuditEvent(manager, {
      schoolId,
      actorId: actor.personId,
      action: 'retention.delayChanged',
      subjectKind: 'school',
      subjectId: schoolId,
      detail: { before: before.retentionDaysAfterLeaving, after: days },
      at: deps.clock.now(),
    });
  });
}
