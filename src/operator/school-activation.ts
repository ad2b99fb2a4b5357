import type { DataSource } from 'typeorm';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { runInTransaction } from '../db/transaction.js';
import { School } from '../model/school.js';
import type { OperatorAgent } from './agent.js';
import { findSchool } from './find-school.js';

/**
 * Closes or reopens a school. Closed, its data stays as it is, but none of its members signs in
 * or keeps a session (`src/operator/closed-schools.ts`). Doing what is already done changes
 * nothing and records nothing. Returns whether something changed.
 */
export async function setSchoolOpen(dataSource: DataSource, reference: string, open: boolean, agent: OperatorAgent, now: Date): Promise<boolean> {
  return runInTransaction(dataSource, async (manager) => {
    const school = await findSchool(manager, reference);
    if ((school.deactivatedAt === null) === open) return false;
    await manager.update(School, { id: school.id }, { deactivatedAt: open ? null : now });
    await recordAuditEvent(manager, {
      schoolId: school.id,
      actorId: agent.personId,
      action: open ? 'operator.schoolReactivated' : 'operator.schoolDeactivated',
      subjectKind: 'school',
      subjectId: school.id,
      detail: { by: agent.label },
      at: now,
    });
    return true;
  });
}
