import type { ModuleContext } from '../context.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import { notFound } from '../http/errors.js';
import { readSchoolSettings } from '../model/school-settings.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { findLeavers, type Leaver } from './leavers.js';
import { messageDeletionTime, messagesSentBefore } from './message-deadline.js';
import { retentionTable, type RetentionRow } from './retention-table.js';

/** A legal hold in force, as the director reads it. */
export interface HoldLine {
  readonly id: string;
  readonly pupilId: string;
  readonly pupilName: string;
  readonly reason: string;
  readonly placedAt: Date;
}

/** What the school will delete and when, for its director. */
export interface RetentionPlan {
  readonly schoolName: string;
  readonly timezone: string;
  /** The school's delay after leaving, as applied. */
  readonly leavingDelayDays: number;
  /** People who left, soonest deletion first (those under a hold say so). */
  readonly leavers: readonly Leaver[];
  readonly holds: readonly HoldLine[];
  /** Message threads whose time has come at the next deletion date, and that date. */
  readonly messages: { readonly nextDeletion: Date; readonly threads: number };
  /** The school's own data-protection officer, as its privacy notice gives it (null: the deployment's). */
  readonly dpoContact: string | null;
  /** Every kind of data with its delay, as the privacy notice prints it. */
  readonly table: readonly RetentionRow[];
}

/**
 * The director's view of retention in their school: who left and when their data goes, the holds
 * in force, the threads the next message deletion takes, and the delays of every kind of data.
 * Anyone else gets NOT_FOUND.
 */
export async function readRetentionPlan(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor, schoolId: string): Promise<RetentionPlan> {
  if (!can(actor, 'view', { kind: 'retention', schoolId })) throw notFound();
  const [school] = await queryRows(deps.dataSource, rowReader({ name: column.text, timezone: column.text, settingsJson: column.text }), 'SELECT name, timezone, settingsJson FROM school WHERE id = ?', [schoolId]);
  if (!school) throw notFound();
  const now = deps.clock.now();
  const settings = readSchoolSettings(school);
  const table = retentionTable(settings);
  const leavingDelayDays = table.find((row) => row.kind === 'leavers')!.days!;
  const holds = await queryRows(
    deps.dataSource,
    rowReader({ id: column.text, pupilId: column.text, givenName: column.text, familyName: column.text, reason: column.text, placedAt: column.instant }),
    `SELECT h.id AS id, h.pupilId AS pupilId, p.givenName AS givenName, p.familyName AS familyName, h.reason AS reason, h.placedAt AS placedAt
       FROM retention_hold h JOIN person p ON p.id = h.pupilId WHERE h.schoolId = ? AND h.releasedAt IS NULL ORDER BY h.placedAt`,
    [schoolId],
  );
  // The next deletion takes the threads whose last message is older than the cut-off it will use.
  const nextDeletion = messageDeletionTime(messagesSentBefore(now, school.timezone), school.timezone);
  const nextCutoff = messagesSentBefore(new Date(nextDeletion.getTime() + 1), school.timezone);
  const [threads] = await queryRows(
    deps.dataSource,
    rowReader({ n: column.count }),
    'SELECT COUNT(*) AS n FROM (SELECT threadId FROM message WHERE schoolId = ? GROUP BY threadId HAVING MAX(createdAt) < ?) due',
    [schoolId, sqlInstant(nextCutoff)],
  );
  return {
    schoolName: school.name,
    timezone: school.timezone,
    leavingDelayDays,
    leavers: await findLeavers(deps.dataSource, schoolId, now, leavingDelayDays),
    holds: holds.map((hold) => ({ id: hold.id, pupilId: hold.pupilId, pupilName: `${hold.givenName} ${hold.familyName}`, reason: hold.reason, placedAt: hold.placedAt })),
    messages: { nextDeletion, threads: threads?.n ?? 0 },
    dpoContact: settings.legal.dpoContact,
    table,
  };
}
