import type { DataSource, EntityManager } from 'typeorm';
import { runInTransaction } from '../db/transaction.js';
import { notFound } from '../http/errors.js';
import { newId } from '../model/columns.js';
import { Skill } from '../model/skill.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { DEFAULT_FRAMEWORKS } from './default-frameworks.js';
import { readCountRow } from '../db/common-rows.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** A skill as forms and the dashboard show it. */
interface SkillItem {
  readonly id: string;
  readonly cycle: number;
  readonly domainCode: string;
  readonly domainLabel: string;
  readonly label: string;
  readonly archived: boolean;
}

/**
 * Gives a school the national defaults the first time its framework is needed, so a new school
 * has skills to pick from without any setup.
 */
export async function ensureSkillFramework(manager: EntityManager, schoolId: string): Promise<void> {
  const existing = await queryRows(manager, readCountRow, 'SELECT COUNT(*) AS n FROM skill WHERE schoolId = ?', [schoolId]);
  if (Number(existing[0]?.n ?? 0) > 0) return;
  const rows: Skill[] = [];
  let position = 0;
  for (const cycle of [1, 2, 3] as const) {
    for (const domain of DEFAULT_FRAMEWORKS[cycle]) {
      for (const label of domain.skills) {
        position += 1;
        rows.push(Object.assign(new Skill(), { id: newId(), schoolId, cycle, domainCode: domain.code, domainLabel: domain.label, label, position, archivedAt: null }));
      }
    }
  }
  await manager.getRepository(Skill).insert(rows);
}

/** The school's skills (creating the defaults on first use), in framework order. */
export async function listSchoolSkills(dataSource: DataSource, actor: Actor, schoolId: string, options: { includeArchived?: boolean } = {}): Promise<SkillItem[]> {
  if (!can(actor, 'view', { kind: 'skillFramework', schoolId })) throw notFound();
  await runInTransaction(dataSource, (manager) => ensureSkillFramework(manager, schoolId));
  const skills = await dataSource.getRepository(Skill).find({ where: { schoolId }, order: { cycle: 'ASC', position: 'ASC' } });
  return skills
    .filter((skill) => options.includeArchived === true || skill.archivedAt === null)
    .map((skill) => ({ id: skill.id, cycle: Number(skill.cycle), domainCode: skill.domainCode, domainLabel: skill.domainLabel, label: skill.label, archived: skill.archivedAt !== null }));
}

/** Adds a skill to a domain of the school's framework (a new domain when the code is new). */
export async function addSkill(
  dataSource: DataSource,
  actor: Actor,
  schoolId: string,
  input: { cycle: number; domainCode: string; domainLabel: string; label: string },
): Promise<SkillItem> {
  if (!can(actor, 'edit', { kind: 'skillFramework', schoolId })) throw notFound();
  return runInTransaction(dataSource, async (manager) => {
    await ensureSkillFramework(manager, schoolId);
    const last = await queryRows(manager, rowReader({ p: column.number }), 'SELECT COALESCE(MAX(position), 0) AS p FROM skill WHERE schoolId = ?', [schoolId]);
    const skill = Object.assign(new Skill(), { id: newId(), schoolId, ...input, position: Number(last[0]?.p ?? 0) + 1, archivedAt: null });
    await manager.getRepository(Skill).insert(skill);
    return { id: skill.id, cycle: skill.cycle, domainCode: skill.domainCode, domainLabel: skill.domainLabel, label: skill.label, archived: false };
  });
}

/** Renames or archives (or brings back) a skill; its evidence is kept either way. */
export async function updateSkill(
  dataSource: DataSource,
  actor: Actor,
  skillId: string,
  changes: { label?: string; archived?: boolean },
  now: Date,
): Promise<void> {
  const skill = await dataSource.getRepository(Skill).findOneBy({ id: skillId });
  if (!skill || !can(actor, 'edit', { kind: 'skillFramework', schoolId: skill.schoolId })) throw notFound();
  await runInTransaction(dataSource, (manager) =>
    manager.getRepository(Skill).update(
      { id: skillId },
      {
        ...(changes.label === undefined ? {} : { label: changes.label }),
        ...(changes.archived === undefined ? {} : { archivedAt: changes.archived ? now : null }),
      },
    ),
  );
}
