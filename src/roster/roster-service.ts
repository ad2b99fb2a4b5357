import type { DataSource } from 'typeorm';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { applyRosterPlan, type AppliedCounts } from './roster-apply.js';
import { planRoster, type RosterPlan } from './roster-plan.js';
import { loadRosterState } from './roster-state.js';
import type { RosterConnector, RosterParseResult } from '../connectors/contract.js';
import type { LoadedConnector } from '../connectors/registry.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError } from '../http/errors.js';
import { newId } from '../model/columns.js';
import { RosterImport } from '../model/identity-roster-import.js';
import { School } from '../model/school.js';
import { can } from '../policy/can.js';
import type { Actor } from '../policy/actor.js';
import { currentSchoolYear } from '../school-year/current-school-year.js';
import { decodeRosterFile } from './decode-roster-file.js';

/** What the preview shows beside the plan. */
interface RosterImportSummary {
  readonly pupils: number;
  readonly guardians: number;
  readonly wholeSchool: boolean;
  readonly applied?: AppliedCounts;
}

/** A file read without problems, or its problems (nothing is kept then). */
type ParsedUpload = { ok: true; parsed: RosterParseResult; text: string } | { ok: false; parsed: RosterParseResult };

/** The school, when the actor may import its records (else NOT_FOUND, so ids cannot be probed). */
export async function schoolForImport(dataSource: DataSource, actor: Actor, schoolId: string): Promise<School> {
  if (!can(actor, 'import', { kind: 'roster', schoolId })) throw new AppError('NOT_FOUND');
  return dataSource.getRepository(School).findOneByOrFail({ id: schoolId });
}

/** Reads an uploaded export with a preset. */
export function parseUpload(connector: LoadedConnector<RosterConnector>, bytes: Buffer, preset: string): ParsedUpload {
  const text = decodeRosterFile(bytes);
  const parsed = connector.connector.parse(text, preset);
  if (parsed.problems.length > 0 || parsed.records.length === 0) return { ok: false, parsed };
  return { ok: true, parsed, text };
}

/** The plan of a file against the school as it stands now. Reads only. */
export async function planFor(
  dataSource: DataSource,
  school: School,
  records: RosterParseResult['records'],
  wholeSchool: boolean,
  now: Date,
): Promise<RosterPlan> {
  const state = await loadRosterState(dataSource.manager, school.id, currentSchoolYear(now, school.timezone).label, now);
  return planRoster(records, state, { wholeSchool });
}

/**
 * Keeps an uploaded file with the digest of its plan, for the preview and then the application.
 * Called only for a file without problems.
 */
export async function saveImport(
  dataSource: DataSource,
  values: { school: School; connectorId: string; preset: string; fileName: string; text: string; plan: RosterPlan; summary: RosterImportSummary; actorId: string },
  now: Date,
): Promise<RosterImport> {
  const row = Object.assign(new RosterImport(), {
    id: newId(),
    schoolId: values.school.id,
    connectorId: values.connectorId,
    preset: values.preset,
    fileName: values.fileName.slice(0, 200),
    content: values.text,
    contentDigest: values.plan.digest,
    status: 'previewed' as const,
    summaryJson: JSON.stringify(values.summary),
    createdById: values.actorId,
    createdAt: now,
    appliedAt: null,
  });
  await dataSource.getRepository(RosterImport).insert(row);
  return row;
}

/** An import of this school. */
export async function findImport(dataSource: DataSource, schoolId: string, importId: string): Promise<RosterImport> {
  const row = await dataSource.getRepository(RosterImport).findOneBy({ id: importId, schoolId });
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** What the upload recorded beside an import (counts, options, and once applied what it did). */
export function summaryOf(row: RosterImport): RosterImportSummary {
  return JSON.parse(row.summaryJson ?? '{}') as RosterImportSummary;
}

/**
 * Applies a previewed import, in one transaction: the plan is computed again and must be the one
 * the director saw (same digest), the import is marked applied (only once), the plan is written,
 * and the import is audited. On any refusal nothing is written.
 */
export async function applyImport(
  dataSource: DataSource,
  connector: LoadedConnector<RosterConnector>,
  school: School,
  row: RosterImport,
  shownDigest: string,
  actorId: string,
  now: Date,
): Promise<AppliedCounts> {
  const parsed = connector.connector.parse(row.content, row.preset);
  const summary = summaryOf(row);
  return runInTransaction(dataSource, async (manager) => {
    // Two imports of one school applied at once must not both plan on the same state: the second
    // waits for the first, then sees its rows (and its preview is stale). SQLite transactions are
    // already one at a time (runInTransaction queues them).
    if (dataSource.options.type === 'mysql') await manager.query('SELECT id FROM school WHERE id = ? FOR UPDATE', [school.id]);
    const marked = await manager.update(RosterImport, { id: row.id, status: 'previewed' }, { status: 'applied', appliedAt: now });
    if ((marked.affected ?? 0) !== 1) throw new AppError('ROSTER_ALREADY_APPLIED');
    const state = await loadRosterState(manager, school.id, currentSchoolYear(now, school.timezone).label, now);
    const plan = planRoster(parsed.records, state, { wholeSchool: summary.wholeSchool });
    if (plan.digest !== shownDigest) throw new AppError('ROSTER_PREVIEW_STALE');
    const applied = await applyRosterPlan(manager, school, plan, actorId, now);
    await manager.update(RosterImport, { id: row.id }, { summaryJson: JSON.stringify({ ...summary, applied }) });
    await recordAuditEvent(manager, {
      schoolId: school.id,
      actorId,
      action: 'roster.imported',
      subjectKind: 'rosterImport',
      subjectId: row.id,
      detail: { preset: row.preset, fileName: row.fileName, ...applied },
      at: now,
    });
    return applied;
  });
}
