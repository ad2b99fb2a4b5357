import type { DataSource } from 'typeorm';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { runInTransaction } from '../db/transaction.js';
import { notFound } from '../http/errors.js';
import { Guardianship } from '../model/guardianship.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { describeSharing } from './sharing-pupil.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** A parent who used an invite code, waiting for the class's teacher or the director. */
export interface PendingInvite {
  readonly id: string;
  readonly pupilId: string;
  readonly guardianName: string;
  readonly childName: string;
  readonly createdAt: Date;
}

const readInviteRow = rowReader({
  id: column.text,
  childId: column.text,
  guardianGiven: column.text,
  guardianFamily: column.text,
  childGiven: column.text,
  createdAt: column.instant,
});

/**
 * The links proposed through invite codes for these children that the actor may decide on
 * (`sharing.approveInvite`: the class's teachers and the director).
 */
export async function listPendingInvites(dataSource: DataSource, actor: Actor, schoolId: string, pupilIds: readonly string[], now: Date): Promise<PendingInvite[]> {
  if (pupilIds.length === 0) return [];
  const rows = await queryRows(dataSource, readInviteRow, `SELECT g.id AS id, g.childId AS childId, gp.givenName AS guardianGiven, gp.familyName AS guardianFamily, cp.givenName AS childGiven, g.createdAt AS createdAt
       FROM guardianship g JOIN person gp ON gp.id = g.guardianId JOIN person cp ON cp.id = g.childId
      WHERE g.schoolId = ? AND g.approval = 'pending' AND g.source = 'invite' AND g.childId IN (${pupilIds.map(() => '?').join(', ')})
      ORDER BY g.createdAt, g.id`,
    [schoolId, ...pupilIds]);
  const decidable: PendingInvite[] = [];
  for (const row of rows) {
    const sharing = await describeSharing(dataSource, schoolId, row.childId, now);
    if (!sharing || !can(actor, 'approveInvite', sharing.resource)) continue;
    decidable.push({ id: row.id, pupilId: row.childId, guardianName: `${row.guardianGiven} ${row.guardianFamily}`, childName: row.childGiven, createdAt: row.createdAt });
  }
  return decidable;
}

/**
 * The class's teacher or the director confirms or rejects a link proposed by an invite code. Only
 * invite proposals are decided here; links proposed by identity sources stay with the director.
 */
export async function decideInvite(dataSource: DataSource, actor: Actor, linkId: string, decision: 'approve' | 'reject', now: Date): Promise<Guardianship> {
  const link = await dataSource.getRepository(Guardianship).findOneBy({ id: linkId, approval: 'pending', source: 'invite' });
  if (!link) throw notFound();
  const sharing = await describeSharing(dataSource, link.schoolId, link.childId, now);
  if (!sharing || !can(actor, 'approveInvite', sharing.resource)) throw notFound();
  await runInTransaction(dataSource, async (manager) => {
    const updated = await manager.update(Guardianship, { id: link.id, approval: 'pending' }, { approval: decision === 'approve' ? 'approved' : 'rejected', recordedById: actor.personId });
    // Decided meanwhile by someone else.
    if ((updated.affected ?? 0) !== 1) throw notFound();
    await recordAuditEvent(manager, {
      schoolId: link.schoolId,
      actorId: actor.personId,
      action: decision === 'approve' ? 'guardianship.proposalApproved' : 'guardianship.proposalRejected',
      subjectKind: 'guardianship',
      subjectId: link.id,
      detail: { guardianId: link.guardianId, childId: link.childId, source: 'invite' },
      at: now,
    });
  });
  return link;
}
