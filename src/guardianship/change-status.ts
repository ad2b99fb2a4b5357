import { In, IsNull, LessThanOrEqual, MoreThan, type DataSource } from 'typeorm';
import { engineOf } from '../db/data-source.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { AppError } from '../http/errors.js';
import { newId } from '../model/columns.js';
import { Guardianship } from '../model/guardianship.js';
import type { GuardianshipStatus, LegalBasisKind } from '../model/roles.js';
import { runInTransaction } from '../db/transaction.js';

/** A change of a guardian's status towards a child, as the director records it. */
interface StatusChange {
  readonly schoolId: string;
  readonly childId: string;
  readonly guardianId: string;
  readonly status: GuardianshipStatus;
  /** Required for any status other than `full`: a school never restricts a parent on its own. */
  readonly legalBasis: { kind: LegalBasisKind; reference: string; date: string } | null;
  /** When the change takes effect; now when omitted. */
  readonly effectiveFrom?: Date;
  readonly recordedById: string;
}

/**
 * Records a new status: the link in force at the effective date is closed there and a new link
 * opens with the new status, in one transaction with its audit record. Rights are read afresh on
 * every request, so a restriction in effect now applies to the guardian's very next request.
 */
export async function changeGuardianshipStatus(dataSource: DataSource, change: StatusChange, now: Date): Promise<Guardianship> {
  if (change.status !== 'full' && change.legalBasis === null) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'legalBasis', problem: 'required' }] });
  }
  const effectiveFrom = change.effectiveFrom ?? now;

  return runInTransaction(dataSource, async (manager) => {
    const inForce = await manager.find(Guardianship, {
      where: [
        {
          schoolId: change.schoolId,
          childId: change.childId,
          guardianId: change.guardianId,
          approval: 'approved',
          effectiveFrom: LessThanOrEqual(effectiveFrom),
          effectiveTo: IsNull(),
        },
        {
          schoolId: change.schoolId,
          childId: change.childId,
          guardianId: change.guardianId,
          approval: 'approved',
          effectiveFrom: LessThanOrEqual(effectiveFrom),
          effectiveTo: MoreThan(effectiveFrom),
        },
      ],
      order: { effectiveFrom: 'DESC', createdAt: 'DESC' },
      lock: engineOf(dataSource) === 'sqlite' ? undefined : { mode: 'pessimistic_write' },
    });
    const current = inForce[0];
    if (current === undefined) throw new AppError('NOT_FOUND');

    const next = manager.create(Guardianship, {
      ...current,
      id: newId(),
      status: change.status,
      legalBasisKind: change.legalBasis?.kind ?? null,
      legalBasisReference: change.legalBasis?.reference ?? null,
      legalBasisDate: change.legalBasis?.date ?? null,
      effectiveFrom,
      effectiveTo: current.effectiveTo,
      recordedById: change.recordedById,
      source: 'manual',
      createdAt: now,
    });

    // Every link in force ends where the new one starts (an overlap left by an earlier data entry
    // would otherwise keep applying); they stay as history.
    await manager.update(Guardianship, { id: In(inForce.map((link) => link.id)) }, { effectiveTo: effectiveFrom });
    await manager.insert(Guardianship, next);
    await recordAuditEvent(manager, {
      schoolId: change.schoolId,
      actorId: change.recordedById,
      action: 'guardianship.statusChanged',
      subjectKind: 'guardianship',
      subjectId: next.id,
      detail: {
        childId: change.childId,
        guardianId: change.guardianId,
        from: current.status,
        to: change.status,
        legalBasisKind: change.legalBasis?.kind ?? null,
        legalBasisDate: change.legalBasis?.date ?? null,
        effectiveFrom: effectiveFrom.toISOString(),
      },
      at: now,
    });
    return next;
  });
}
