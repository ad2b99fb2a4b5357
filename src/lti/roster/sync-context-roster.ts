import type { DataSource, EntityManager } from 'typeorm';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { provisionIdentity } from '../../auth/provisioner.js';
import type { NormalizedIdentity } from '../../connectors/contract.js';
import { runInTransaction } from '../../db/transaction.js';
import { sqlInstant } from '../../db/sql-values.js';
import { newId } from '../../model/columns.js';
import { LtiContextSync } from '../../model/lti-context-sync.js';
import type { LtiPlatform } from '../../model/lti-platform.js';
import { NRPS_SCOPE } from '../claims.js';
import { updateIf } from '../conditional-update.js';
import { contextClassName, contextClassRef, type LtiContext } from '../launch/context-class.js';
import { ltiConnectorId } from '../launch/identity-from-launch.js';
import { classRole, readRosterRoles } from '../launch/roles.js';
import type { LtiServices } from '../services.js';
import { isUniqueViolation } from '../../db/unique-violation.js';
import { fetchContextMembers, type ContextMember } from './membership-pages.js';
import { column, queryRows, rowReader } from '../../db/row-reader.js';

/** A busy class does not refetch its roster on every launch: once per this interval at most. */
const ROSTER_SYNC_INTERVAL_MS = 10 * 60_000;
/** After a failed sync, the next launch may try again this soon. */
const ROSTER_RETRY_AFTER_MS = 60_000;
/** A sync, token and every page included, gives up after this long. */
const ROSTER_SYNC_DEADLINE_MS = 60_000;

/** The context to sync and where its class lives. */
export interface RosterTarget {
  readonly platform: LtiPlatform;
  readonly schoolId: string;
  readonly classId: string;
  readonly context: LtiContext;
  readonly membershipsUrl: string;
}

/** What a sync did. */
interface RosterSyncResult {
  readonly members: number;
  readonly provisioned: number;
  readonly ended: number;
}

/**
 * Names and Role Provisioning: brings the class of a context in line with the platform's list.
 * Active instructors and learners (by their context roles, as at launch) are provisioned (added,
 * or their names updated); those marked Inactive or Deleted, and those who left the list, see
 * their teaching assignment or enrolment in this class end (`endedAt`). Only people this
 * registration brought in are ever ended, and never on a list with no active member (an empty
 * answer is a platform's hiccup far more often than an emptied course). A list about another
 * context is refused. Throttled per class; returns undefined when a recent sync makes this one
 * unnecessary. A failure lets the next launch try again after a minute.
 *
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0
 */
export async function syncContextRoster(services: LtiServices, target: RosterTarget): Promise<RosterSyncResult | undefined> {
  const { dataSource, clock, config } = services.context;
  const now = clock.now();
  const syncId = await claimSync(dataSource, target, now);
  if (syncId === undefined) return undefined;
  try {
    const signal = AbortSignal.timeout(ROSTER_SYNC_DEADLINE_MS);
    const accessToken = await services.serviceTokens.accessToken(target.platform, NRPS_SCOPE, signal);
    const members = await fetchContextMembers({ membershipsUrl: target.membershipsUrl, accessToken, contextId: target.context.id, mode: config.mode, signal });
    const result = await applyMembers(dataSource, target, members, now);
    await dataSource.getRepository(LtiContextSync).update({ id: syncId }, { finishedAt: clock.now(), outcome: 'synced', detailJson: JSON.stringify(result) });
    return result;
  } catch (error) {
    await dataSource.getRepository(LtiContextSync).update(
      { id: syncId },
      {
        // As if it had started long enough ago that the next launch after a minute tries again.
        startedAt: new Date(now.getTime() - ROSTER_SYNC_INTERVAL_MS + ROSTER_RETRY_AFTER_MS),
        finishedAt: clock.now(),
        outcome: 'failed',
        detailJson: JSON.stringify({ error: String(error) }),
      },
    );
    throw error;
  }
}

/** Takes the class's turn: a row per class whose `startedAt` only one instance can move forward. */
async function claimSync(dataSource: DataSource, target: RosterTarget, now: Date): Promise<string | undefined> {
  const repository = dataSource.getRepository(LtiContextSync);
  const last = await repository.findOneBy({ platformId: target.platform.id, classId: target.classId });
  if (!last) {
    const id = newId();
    try {
      await repository.insert({
        id,
        platformId: target.platform.id,
        contextId: target.context.id,
        classId: target.classId,
        startedAt: now,
        finishedAt: null,
        outcome: null,
        detailJson: null,
      });
      return id;
    } catch (error) {
      if (isUniqueViolation(error)) return undefined; // another launch of the same class claimed it first
      throw error;
    }
  }
  if (now.getTime() - last.startedAt.getTime() < ROSTER_SYNC_INTERVAL_MS) return undefined;
  const moved = await updateIf(dataSource, LtiContextSync, { startedAt: now }, 'id = :id AND startedAt = :startedAt', {
    id: last.id,
    startedAt: sqlInstant(last.startedAt),
  });
  return moved ? last.id : undefined;
}

async function applyMembers(dataSource: DataSource, target: RosterTarget, members: readonly ContextMember[], now: Date): Promise<RosterSyncResult> {
  const teachers = new Set<string>();
  const pupils = new Set<string>();
  let provisioned = 0;
  for (const member of members) {
    if (member.status !== 'Active') continue;
    const as = classRole(readRosterRoles(member.roles));
    if (!as) continue;
    (as === 'teacher' ? teachers : pupils).add(member.userId);
    // One transaction per member: additions only, so a failure half-way leaves nothing to undo,
    // and the ending step below runs only once every member is in.
    await provisionIdentity(dataSource, memberIdentity(target, member, as), now);
    provisioned += 1;
  }
  const anyoneActive = teachers.size + pupils.size > 0;
  const ended = await runInTransaction(dataSource, async (manager) => {
    const count = anyoneActive ? await endDeparted(manager, target, teachers, pupils, now) : 0;
    await recordAuditEvent(manager, {
      schoolId: target.schoolId,
      actorId: null,
      action: 'lti.rosterSynced',
      subjectKind: 'class',
      subjectId: target.classId,
      detail: { platformId: target.platform.id, contextId: target.context.id, members: members.length, provisioned, ended: count, ...(anyoneActive ? {} : { endingSkipped: 'noActiveMember' }) },
      at: now,
    });
    return count;
  });
  return { members: members.length, provisioned, ended };
}

function memberIdentity(target: RosterTarget, member: ContextMember, as: 'teacher' | 'pupil'): NormalizedIdentity {
  return {
    issuer: target.platform.identityIssuer,
    subject: member.userId,
    connectorId: ltiConnectorId(target.platform),
    ...(member.givenName === undefined ? {} : { givenName: member.givenName }),
    ...(member.familyName === undefined ? {} : { familyName: member.familyName }),
    ...(member.email === undefined ? {} : { email: member.email }),
    schools: [],
    classes: [{ school: { schoolId: target.schoolId }, externalRef: contextClassRef(target.platform.id, target.context.id), name: contextClassName(target.context), as }],
    children: [],
  };
}

/** Ends the enrolments and teaching assignments of this registration's people no longer active in the context. */
async function endDeparted(manager: EntityManager, target: RosterTarget, teachers: Set<string>, pupils: Set<string>, now: Date): Promise<number> {
  let ended = 0;
  for (const [table, person, keep] of [
    ['enrolment', 'pupilId', pupils],
    ['teaching_assignment', 'teacherId', teachers],
  ] as const) {
    const rows = await queryRows(manager, rowReader({ id: column.text, subject: column.text }), `SELECT r.id AS id, x.subject AS subject FROM ${table} r
         JOIN external_identity x ON x.personId = r.${person} AND x.issuer = ?
        WHERE r.classId = ? AND r.endedAt IS NULL`,
      [target.platform.identityIssuer, target.classId]);
    const departed = rows.filter((row) => !keep.has(row.subject)).map((row) => row.id);
    if (departed.length === 0) continue;
    await manager.query(`UPDATE ${table} SET endedAt = ? WHERE id IN (${departed.map(() => '?').join(', ')})`, [sqlInstant(now), ...departed]);
    ended += departed.length;
  }
  return ended;
}
