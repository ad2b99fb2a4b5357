import type { ModuleContext } from '../context.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import { runInTransaction } from '../db/transaction.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { notFound } from '../http/errors.js';
import { newId } from '../model/columns.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';

/**
 * A guardian acknowledges the charter's current version: recorded once per guardian and version
 * (acknowledging again changes nothing), with an audit record.
 */
export async function acknowledgeCharter(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor, schoolId: string): Promise<void> {
  if (!can(actor, 'acknowledge', { kind: 'charter', schoolId })) throw notFound();
  const rows = await queryRows(deps.dataSource, rowReader({ version: column.number }), 'SELECT version FROM school_charter WHERE schoolId = ?', [schoolId]);
  const version = rows[0]?.version;
  if (version === undefined) throw notFound();
  const now = deps.clock.now();
  try {
    await runInTransaction(deps.dataSource, async (manager) => {
      await manager.query('INSERT INTO charter_acknowledgement (id, schoolId, guardianId, version, acknowledgedAt) VALUES (?, ?, ?, ?, ?)', [newId(), schoolId, actor.personId, version, sqlInstant(now)]);
      await recordAuditEvent(manager, { schoolId, actorId: actor.personId, action: 'charter.acknowledged', subjectKind: 'person', subjectId: actor.personId, detail: { version }, at: now });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

/**
 * The schools whose published charter the person, as a guardian, has not acknowledged yet in
 * its current version: the home page shows the first one before anything else. One indexed
 * query by person id first, so the home page of everyone else costs no more; the policy decides
 * on what it finds.
 */
export async function pendingCharters(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, personId: string, actorOf: () => Promise<Actor>): Promise<string[]> {
  const rows = await queryRows(
    deps.dataSource,
    rowReader({ schoolId: column.text }),
    `SELECT c.schoolId AS schoolId FROM school_charter c
       JOIN school_membership m ON m.schoolId = c.schoolId AND m.personId = ? AND m.role = 'parent'
      WHERE NOT EXISTS (SELECT 1 FROM charter_acknowledgement a WHERE a.schoolId = c.schoolId AND a.guardianId = ? AND a.version = c.version)`,
    [personId, personId],
  );
  if (rows.length === 0) return [];
  const actor = await actorOf();
  return rows.map((row) => row.schoolId).filter((schoolId) => can(actor, 'acknowledge', { kind: 'charter', schoolId })).sort();
}
