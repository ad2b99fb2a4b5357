import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { ModuleContext } from '../context.js';
import { changeSchoolSettings } from '../directory/change-school-settings.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError, notFound } from '../http/errors.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';

/** Longest contact kept (an address or a postal line). */
export const DPO_CONTACT_MAX = 300;

/**
 * Sets the contact of the school's data-protection officer that its privacy notice gives
 * (director); an empty contact gives the deployment's back. Audited with the value before and after.
 */
export async function changeDpoContact(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor, schoolId: string, contact: string): Promise<void> {
  if (!can(actor, 'update', { kind: 'schoolSettings', schoolId })) throw notFound();
  const value = contact.trim();
  if (value.length > DPO_CONTACT_MAX) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'dpoContact', problem: 'tooLong' }] });
  await runInTransaction(deps.dataSource, async (manager) => {
    const { before } = await changeSchoolSettings(manager, schoolId, (current) => ({ ...current, legal: { ...current.legal, dpoContact: value === '' ? null : value } }));
    await recordAuditEvent(manager, {
      schoolId,
      actorId: actor.personId,
      action: 'legal.dpoContactChanged',
      subjectKind: 'school',
      subjectId: schoolId,
      detail: { before: before.legal.dpoContact, after: value === '' ? null : value },
      at: deps.clock.now(),
    });
  });
}
