import type { DataSource, EntityManager } from 'typeorm';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { personReferences } from '../db/person-references.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError } from '../http/errors.js';
import { ExternalIdentity, Guardianship, Person, SchoolMembership } from '../model/index.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { likelySameGuardians } from './likely-same-guardian.js';

/**
 * What the person made by a sign-in may hold for the merge to carry it over: their accounts,
 * memberships and proposed links (moved or resolved below), and what belongs to the account's
 * devices and sittings (sessions, notification settings, an ENT hand-off), which go with it.
 * Anything else (a message written, an approved link, a class taught…) is a history the school
 * must look at: the merge is refused rather than losing or silently moving it.
 */
const CARRIED: ReadonlySet<string> = new Set([
  'external_identity.personId',
  'school_membership.personId',
  'guardianship.guardianId',
  'http_session.personId',
  'notification_preference.personId',
  'push_subscription.personId',
  'lti_handoff.personId',
  'lti_deep_link_request.personId',
]);

interface ProposedRow {
  id: string;
  guardianId: string;
  childId: string;
  classId: string | null;
}

/**
 * The director merges the person a sign-in proposed as a child's guardian into the guardian the
 * school already recorded under the same names: one person, both identities. The proposed
 * person's accounts move to the recorded one (their next sign-in opens the recorded person, with
 * the links and restrictions the school recorded); each of their pending links is resolved —
 * dropped where the recorded person already has a link to that child (no duplicate), moved to
 * them otherwise, still pending; their memberships move where the recorded person has none; the
 * proposed person is then deleted, their sessions with them. All or nothing, audited in every
 * school concerned. Only a person whose links are all still pending and who holds nothing else
 * (see `CARRIED`) is merged: otherwise `GUARDIAN_MERGE_REFUSED`.
 */
export async function mergeProposedGuardian(
  dataSource: DataSource,
  actor: Actor,
  schoolId: string,
  linkId: string,
  intoPersonId: string,
  now: Date,
): Promise<void> {
  await runInTransaction(dataSource, async (manager) => {
    const proposal = await pendingLink(manager, schoolId, linkId);
    if (!proposal) throw new AppError('NOT_FOUND');
    const resource = { kind: 'guardianship' as const, schoolId, pupilId: proposal.childId, classIds: proposal.classId ? [proposal.classId] : [], guardianId: proposal.guardianId };
    if (!can(actor, 'update', resource)) throw new AppError('NOT_FOUND');
    const candidates = (await likelySameGuardians(manager, schoolId, linkId)).get(linkId) ?? [];
    if (!candidates.some((candidate) => candidate.personId === intoPersonId)) throw new AppError('NOT_FOUND');
    // Claims the proposal (a row lock on MariaDB): a second decision on it, made meanwhile, finds it gone.
    const claimed = await manager.update(Guardianship, { id: linkId, approval: 'pending' }, { recordedById: actor.personId });
    if ((claimed.affected ?? 0) !== 1) throw new AppError('NOT_FOUND');
    const fromId = proposal.guardianId;
    await refuseUnlessOnlySignInMade(manager, fromId);

    const identities = await manager.findBy(ExternalIdentity, { personId: fromId });
    await manager.update(ExternalIdentity, { personId: fromId }, { personId: intoPersonId });

    const schools = new Set<string>([schoolId]);
    const dropped: string[] = [];
    const moved: string[] = [];
    for (const link of await manager.findBy(Guardianship, { guardianId: fromId })) {
      schools.add(link.schoolId);
      const recorded = await manager.existsBy(Guardianship, { schoolId: link.schoolId, guardianId: intoPersonId, childId: link.childId });
      if (recorded) {
        await manager.delete(Guardianship, { id: link.id });
        dropped.push(link.id);
      } else {
        await manager.update(Guardianship, { id: link.id }, { guardianId: intoPersonId });
        moved.push(link.id);
      }
    }
    for (const membership of await manager.findBy(SchoolMembership, { personId: fromId })) {
      schools.add(membership.schoolId);
      const held = await manager.existsBy(SchoolMembership, { personId: intoPersonId, schoolId: membership.schoolId, role: membership.role });
      if (!held) await manager.update(SchoolMembership, { id: membership.id }, { personId: intoPersonId });
    }
    const from = await manager.findOneByOrFail(Person, { id: fromId });
    const into = await manager.findOneByOrFail(Person, { id: intoPersonId });
    if (!into.email && from.email) await manager.update(Person, { id: into.id }, { email: from.email });
    await manager.delete(Person, { id: fromId });

    for (const concerned of schools) {
      await recordAuditEvent(manager, {
        schoolId: concerned,
        actorId: actor.personId,
        action: 'guardianship.proposalMerged',
        subjectKind: 'person',
        subjectId: intoPersonId,
        detail: {
          mergedPersonId: fromId,
          decidedInSchoolId: schoolId,
          linkId,
          childId: proposal.childId,
          identities: identities.map((identity) => ({ issuer: identity.issuer, connectorId: identity.connectorId })),
          droppedLinkIds: dropped,
          movedLinkIds: moved,
        },
        at: now,
      });
    }
  });
}

async function pendingLink(manager: EntityManager, schoolId: string, linkId: string): Promise<ProposedRow | undefined> {
  const rows = (await manager.query(
    `SELECT g.id AS id, g.guardianId AS guardianId, g.childId AS childId,
            (SELECT e.classId FROM enrolment e WHERE e.pupilId = g.childId AND e.schoolId = g.schoolId AND e.endedAt IS NULL ORDER BY e.startedAt DESC LIMIT 1) AS classId
       FROM guardianship g WHERE g.schoolId = ? AND g.id = ? AND g.approval = 'pending'`,
    [schoolId, linkId],
  )) as ProposedRow[];
  return rows[0];
}

/** Refuses the merge when the proposed person holds anything a sign-in alone does not make. */
async function refuseUnlessOnlySignInMade(manager: EntityManager, personId: string): Promise<void> {
  const decided = await manager.query(`SELECT id FROM guardianship WHERE guardianId = ? AND approval <> 'pending' LIMIT 1`, [personId]);
  const otherRoles = await manager.query(`SELECT id FROM school_membership WHERE personId = ? AND role <> 'parent' LIMIT 1`, [personId]);
  if ((decided as unknown[]).length > 0 || (otherRoles as unknown[]).length > 0) throw new AppError('GUARDIAN_MERGE_REFUSED');
  for (const reference of await personReferences(manager)) {
    if (CARRIED.has(`${reference.table}.${reference.column}`)) continue;
    const rows = (await manager.query(`SELECT 1 AS found FROM ${reference.table} WHERE ${reference.column} = ? LIMIT 1`, [personId])) as unknown[];
    if (rows.length > 0) throw new AppError('GUARDIAN_MERGE_REFUSED');
  }
}
