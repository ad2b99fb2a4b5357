import type { DataSource } from 'typeorm';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { runInTransaction } from '../db/transaction.js';
import { readInstant, sqlInstant } from '../db/sql-values.js';
import { AppError } from '../http/errors.js';
import { Guardianship } from '../model/guardianship.js';
import { can } from '../policy/can.js';
import { likelySameGuardians, type LikelySameGuardian } from './likely-same-guardian.js';
import type { Actor } from '../policy/actor.js';

/** A link an identity source proposed (ÉduConnect's FrEduVecteur, a names-only match, a link next to a restriction), waiting for the school. */
interface PendingLink {
  readonly id: string;
  readonly guardianName: string;
  readonly childName: string;
  readonly className: string | null;
  readonly createdAt: Date;
  /** Guardians the school recorded for the child under the same names: the director may merge instead of approving. */
  readonly likelySame: readonly LikelySameGuardian[];
}

interface PendingRow {
  id: string;
  guardianId: string;
  childId: string;
  guardianGiven: string;
  guardianFamily: string;
  childGiven: string;
  childFamily: string;
  classId: string | null;
  className: string | null;
  createdAt: unknown;
}

async function pendingRows(dataSource: DataSource, schoolId: string, now: Date, linkId?: string): Promise<PendingRow[]> {
  const at = sqlInstant(now);
  return (await dataSource.query(
    `SELECT g.id AS id, g.guardianId AS guardianId, g.childId AS childId, gp.givenName AS guardianGiven, gp.familyName AS guardianFamily,
            cp.givenName AS childGiven, cp.familyName AS childFamily, k.id AS classId, k.name AS className, g.createdAt AS createdAt
       FROM guardianship g
       JOIN person gp ON gp.id = g.guardianId
       JOIN person cp ON cp.id = g.childId
       LEFT JOIN enrolment e ON e.pupilId = g.childId AND e.schoolId = g.schoolId AND e.startedAt <= ? AND (e.endedAt IS NULL OR e.endedAt > ?)
       LEFT JOIN school_class k ON k.id = e.classId
      WHERE g.schoolId = ? AND g.approval = 'pending'${linkId ? ' AND g.id = ?' : ''}
      ORDER BY g.createdAt, g.id`,
    [at, at, schoolId, ...(linkId ? [linkId] : [])],
  )) as PendingRow[];
}

const resourceOf = (schoolId: string, row: PendingRow) => ({
  kind: 'guardianship' as const,
  schoolId,
  pupilId: row.childId,
  classIds: row.classId ? [row.classId] : [],
  guardianId: row.guardianId,
});

/** The proposed links of a school the actor may decide on (the director). */
export async function listPendingLinks(dataSource: DataSource, actor: Actor, schoolId: string, now: Date): Promise<PendingLink[]> {
  const rows = await pendingRows(dataSource, schoolId, now);
  const likely = await likelySameGuardians(dataSource, schoolId);
  return rows
    .filter((row) => can(actor, 'update', resourceOf(schoolId, row)))
    .map((row) => ({
      id: row.id,
      guardianName: `${row.guardianGiven} ${row.guardianFamily}`,
      childName: `${row.childGiven} ${row.childFamily}`,
      className: row.className,
      createdAt: readInstant(row.createdAt),
      likelySame: likely.get(row.id) ?? [],
    }));
}

/**
 * The school confirms or rejects a proposed link. Confirmed, it opens the child's page to the
 * guardian from their next request; rejected, it stays as a record that the proposal was refused.
 */
export async function decidePendingLink(
  dataSource: DataSource,
  actor: Actor,
  schoolId: string,
  linkId: string,
  decision: 'approve' | 'reject',
  now: Date,
): Promise<void> {
  const row = (await pendingRows(dataSource, schoolId, now, linkId))[0];
  if (!row || !can(actor, 'update', resourceOf(schoolId, row))) throw new AppError('NOT_FOUND');
  await runInTransaction(dataSource, async (manager) => {
    const updated = await manager.update(
      Guardianship,
      { id: row.id, approval: 'pending' },
      { approval: decision === 'approve' ? 'approved' : 'rejected', recordedById: actor.personId },
    );
    // Decided meanwhile by someone else: the proposal is no longer there to decide on.
    if ((updated.affected ?? 0) !== 1) throw new AppError('NOT_FOUND');
    await recordAuditEvent(manager, {
      schoolId,
      actorId: actor.personId,
      action: decision === 'approve' ? 'guardianship.proposalApproved' : 'guardianship.proposalRejected',
      subjectKind: 'guardianship',
      subjectId: row.id,
      detail: { guardianId: row.guardianId, childId: row.childId },
      at: now,
    });
  });
}
