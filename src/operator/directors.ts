import type { DataSource } from 'typeorm';
import { IsNull } from 'typeorm';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError } from '../http/errors.js';
import { SchoolMembership } from '../model/school-membership.js';
import type { AppointmentRole } from '../model/school-appointment.js';
import type { OperatorAgent } from './agent.js';

/**
 * Ends a person's director (or staff) role in a school, from now, audited. Their account and the
 * school's data stay. SCHOOL_MEMBER_NOT_FOUND when they do not hold the role.
 */
export async function removeSchoolRole(
  dataSource: DataSource,
  schoolId: string,
  personId: string,
  role: AppointmentRole,
  agent: OperatorAgent,
  now: Date,
): Promise<void> {
  await runInTransaction(dataSource, async (manager) => {
    const membership = await manager.findOneBy(SchoolMembership, { schoolId, personId, role, endedAt: IsNull() });
    if (!membership) throw new AppError('SCHOOL_MEMBER_NOT_FOUND');
    await manager.update(SchoolMembership, { id: membership.id }, { endedAt: now });
    await recordAuditEvent(manager, {
      schoolId,
      actorId: agent.personId,
      action: 'appointment.roleRemoved',
      subjectKind: 'person',
      subjectId: personId,
      detail: { by: agent.label, role },
      at: now,
    });
  });
}
