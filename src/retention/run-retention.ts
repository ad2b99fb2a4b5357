import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { Clock } from '../clock.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { runInTransaction } from '../db/transaction.js';
import type { MediaStorage } from '../media/index.js';
import { newId } from '../model/columns.js';
import { readSchoolSettings } from '../model/school-settings.js';
import { releaseLease, takeLease } from './lease.js';
import { findLeavers } from './leavers.js';
import { messagesSentBefore } from './message-deadline.js';
import { deletePendingObjects } from './pending-objects.js';
import { purgeLeaver } from './purge-leaver.js';
import { purgeLogs } from './purge-logs.js';
import { purgeOldThreads } from './purge-messages.js';
import { leavingDelayDays } from './retention-delays.js';
import { retentionMetrics } from './retention-metrics.js';
import { scheduleRetentionNotices } from './schedule-notices.js';

/** What the retention job uses. */
export interface RetentionDeps {
  readonly dataSource: DataSource;
  readonly storage: MediaStorage;
  readonly logger: Logger;
  readonly clock: Clock;
}

/** What one run deleted, by kind (rows, and stored objects). */
export interface RetentionCounts {
  people: number;
  anonymisedPeople: number;
  portfolioEntries: number;
  media: number;
  messages: number;
  messageFiles: number;
  storedObjects: number;
  accessHistory: number;
  auditEvents: number;
  sessions: number;
  rateLimitWindows: number;
  translations: number;
  noticesScheduled: number;
}

/** What a run did: `ran` is false when another instance held the job. */
export interface RetentionRun {
  readonly ran: boolean;
  readonly counts: RetentionCounts;
}

/** How often each instance tries the job; one at a time gets the lease. */
export const RETENTION_INTERVAL_MS = 60 * 60_000;
const LEASE_NAME = 'retention';
const LEASE_MS = 10 * 60_000;
const THREADS_PER_BATCH = 100;

const emptyCounts = (): RetentionCounts => ({
  people: 0,
  anonymisedPeople: 0,
  portfolioEntries: 0,
  media: 0,
  messages: 0,
  messageFiles: 0,
  storedObjects: 0,
  accessHistory: 0,
  auditEvents: 0,
  sessions: 0,
  rateLimitWindows: 0,
  translations: 0,
  noticesScheduled: 0,
});

/** The job lost its lease (it ran past it, another instance took over): it stops where it is. */
class LeaseLost extends Error {}

/**
 * The retention job: deletes what is past its delay (see `retention-delays.ts`) in every school.
 * One instance at a time runs it (a lease, renewed after each unit of work); each unit (one
 * person's data in a school, a batch of old threads) is one transaction together with its
 * audit record, and the stored files of what it deleted are listed in the same transaction and
 * deleted after it commits. A run killed anywhere leaves whole units, and the next run deletes
 * the files still listed: nothing is ever half-deleted, and running it again changes nothing.
 * Guardians are told before a child's portfolio goes (`retention_notice`). Counts go to the
 * audit log (`retention.personDeleted`, `retention.messagesDeleted`, `retention.logsPurged`) and
 * to `ecarnet_retention_deleted_total`.
 */
export async function runRetention(
  deps: RetentionDeps,
  options: {
    holder?: string;
    leaseMs?: number;
    /** Only these schools' people and messages (tests sharing a database with other suites); every school otherwise. */
    schoolIds?: readonly string[];
  } = {},
): Promise<RetentionRun> {
  const { dataSource, storage, logger, clock } = deps;
  const holder = options.holder ?? newId();
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const counts = emptyCounts();
  if (!(await takeLease(dataSource, LEASE_NAME, holder, clock.now(), leaseMs))) return { ran: false, counts };
  const keepLease = async () => {
    if (!(await takeLease(dataSource, LEASE_NAME, holder, clock.now(), leaseMs))) throw new LeaseLost();
  };
  const flushObjects = async () => {
    counts.storedObjects += await deletePendingObjects(dataSource, storage, logger);
  };
  try {
    // What a run killed after a commit left for the storage.
    await flushObjects();
    const schools = await queryRows(dataSource, rowReader({ id: column.text, timezone: column.text, settingsJson: column.text }), 'SELECT id, timezone, settingsJson FROM school ORDER BY id');
    for (const school of schools.filter((candidate) => !options.schoolIds || options.schoolIds.includes(candidate.id))) {
      await purgeSchool(deps, school, counts, keepLease, flushObjects);
    }
    await purgeLogsAudited(deps, counts);
  } catch (error) {
    if (!(error instanceof LeaseLost)) throw error;
    logger.warn('retention job lost its lease; the instance holding it goes on');
  } finally {
    await releaseLease(dataSource, LEASE_NAME, holder).catch((error: unknown) => logger.warn({ err: error }, 'retention lease not released; it expires by itself'));
  }
  for (const [kind, count] of Object.entries(counts)) if (count > 0 && kind !== 'storedObjects' && kind !== 'noticesScheduled') retentionMetrics.deleted.inc({ kind }, count);
  if (Object.values(counts).some((count) => count > 0)) logger.info({ counts }, 'retention job deleted data past its delay');
  return { ran: true, counts };
}

async function purgeSchool(
  deps: RetentionDeps,
  school: { id: string; timezone: string; settingsJson: string },
  counts: RetentionCounts,
  keepLease: () => Promise<void>,
  flushObjects: () => Promise<void>,
): Promise<void> {
  const { dataSource, clock } = deps;
  const now = clock.now();
  const leavers = await findLeavers(dataSource, school.id, now, leavingDelayDays(readSchoolSettings(school)));
  const toTell = leavers.filter((leaver) => leaver.roles.includes('pupil') && !leaver.held && leaver.deleteAfter > now);
  if (toTell.length > 0) counts.noticesScheduled += await runInTransaction(dataSource, (manager) => scheduleRetentionNotices(manager, school.id, toTell, now));

  for (const leaver of leavers.filter((candidate) => !candidate.held && candidate.deleteAfter <= now)) {
    await keepLease();
    const done = await runInTransaction(dataSource, async (manager) => {
      const purge = await purgeLeaver(manager, school.id, leaver.personId, leaver.leftAt, now);
      await recordAuditEvent(manager, {
        schoolId: school.id,
        actorId: null,
        action: 'retention.personDeleted',
        subjectKind: 'person',
        subjectId: leaver.personId,
        detail: { leftAt: leaver.leftAt.toISOString(), roles: leaver.roles, ...purge },
        at: now,
      });
      return purge;
    });
    counts.people += 1;
    counts.anonymisedPeople += done.anonymised ? 1 : 0;
    counts.portfolioEntries += done.portfolioEntries;
    counts.media += done.media;
    await flushObjects();
  }

  const sentBefore = messagesSentBefore(now, school.timezone);
  for (;;) {
    await keepLease();
    const batch = await runInTransaction(dataSource, async (manager) => {
      const purge = await purgeOldThreads(manager, school.id, sentBefore, now, THREADS_PER_BATCH);
      if (purge.messages > 0) {
        await recordAuditEvent(manager, {
          schoolId: school.id,
          actorId: null,
          action: 'retention.messagesDeleted',
          subjectKind: 'school',
          subjectId: school.id,
          detail: { sentBefore: sentBefore.toISOString(), ...purge },
          at: now,
        });
      }
      return purge;
    });
    if (batch.messages === 0) break;
    counts.messages += batch.messages;
    counts.messageFiles += batch.files;
    await flushObjects();
  }
}

async function purgeLogsAudited(deps: RetentionDeps, counts: RetentionCounts): Promise<void> {
  const now = deps.clock.now();
  const logs = await purgeLogs(deps.dataSource, now);
  Object.assign(counts, logs);
  if (Object.values(logs).every((count) => count === 0)) return;
  await runInTransaction(deps.dataSource, (manager) =>
    recordAuditEvent(manager, { schoolId: null, actorId: null, action: 'retention.logsPurged', subjectKind: 'deployment', subjectId: null, detail: { ...logs }, at: now }),
  );
}
