import type { DataSource, EntityManager } from 'typeorm';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError } from '../http/errors.js';
import { newId } from '../model/columns.js';
import { School } from '../model/school.js';
import { defaultSchoolSettings } from '../model/school-settings.js';
import { ensureSchoolYear } from '../school-year/ensure-school-year.js';
import type { OperatorAgent } from './agent.js';
import { checkSchool, type CheckedSchool, type SchoolDraft } from './school-input.js';

/** Inserts a checked school (and its current school year) inside the caller's transaction, audited. */
export async function insertSchool(manager: EntityManager, checked: CheckedSchool, agent: OperatorAgent, now: Date): Promise<School> {
  const school = Object.assign(new School(), {
    id: newId(),
    ...checked,
    settingsJson: JSON.stringify(defaultSchoolSettings()),
    isDemo: false,
    deactivatedAt: null,
    createdAt: now,
  });
  await manager.insert(School, school);
  await ensureSchoolYear(manager, school, now);
  await recordAuditEvent(manager, {
    schoolId: school.id,
    actorId: agent.personId,
    action: 'operator.schoolCreated',
    subjectKind: 'school',
    subjectId: school.id,
    detail: { by: agent.label, uai: school.uai, kind: school.kind },
    at: now,
  });
  return school;
}

/**
 * Creates a school: UAI with its check letter, name, kind, IANA time zone and cycles are checked
 * first; a UAI already recorded is refused (SCHOOL_UAI_TAKEN) and nothing is written.
 */
export async function createSchool(dataSource: DataSource, draft: SchoolDraft, agent: OperatorAgent, now: Date): Promise<School> {
  const checked = checkSchool(draft);
  return runInTransaction(dataSource, async (manager) => {
    if (await manager.existsBy(School, { uai: checked.uai })) throw new AppError('SCHOOL_UAI_TAKEN');
    return insertSchool(manager, checked, agent, now);
  });
}
