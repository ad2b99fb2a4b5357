import type { EntityManager } from 'typeorm';
import { newId } from '../../model/columns.js';
import { Skill } from '../../model/skill.js';
import { ensureSkillFramework } from '../../skills/school-skills.js';
import type { PortfolioArchiveSkill } from './portfolio-archive-format.js';

/** How an archive's skill and a school's skill are recognised as the same: domain code and wording. */
export function skillKey(skill: { domainCode: string; label: string }): string {
  return `${skill.domainCode.trim()}\u0000${skill.label.normalize('NFC').trim()}`;
}

/**
 * The receiving school's skill for each skill of an archive (by {@link skillKey}), adding to its
 * framework the skills it does not have — under the school's own name for a domain it knows, so
 * a domain is not split in two. A live skill is preferred to an archived one with the same words.
 * Runs inside the import's transaction: a refused import adds no skill.
 */
export async function matchSkills(manager: EntityManager, schoolId: string, wanted: readonly PortfolioArchiveSkill[]): Promise<Map<string, string>> {
  const matched = new Map<string, string>();
  if (wanted.length === 0) return matched;
  await ensureSkillFramework(manager, schoolId);
  const existing = await manager.getRepository(Skill).find({ where: { schoolId }, order: { position: 'ASC' } });
  const domains = new Map<string, Skill>();
  const byKey = new Map<string, Skill>();
  for (const skill of existing) {
    if (!domains.has(skill.domainCode)) domains.set(skill.domainCode, skill);
    const current = byKey.get(skillKey(skill));
    if (!current || (current.archivedAt !== null && skill.archivedAt === null)) byKey.set(skillKey(skill), skill);
  }
  for (const [key, skill] of byKey) matched.set(key, skill.id);

  let position = existing.reduce((highest, skill) => Math.max(highest, Number(skill.position)), 0);
  const added: Skill[] = [];
  for (const skill of wanted) {
    const key = skillKey(skill);
    if (matched.has(key)) continue;
    const domain = domains.get(skill.domainCode.trim());
    position += 1;
    const row = Object.assign(new Skill(), {
      id: newId(),
      schoolId,
      cycle: domain ? Number(domain.cycle) : skill.cycle,
      domainCode: skill.domainCode.trim(),
      domainLabel: domain ? domain.domainLabel : skill.domainLabel,
      label: skill.label.normalize('NFC').trim(),
      position,
      archivedAt: null,
    });
    added.push(row);
    matched.set(key, row.id);
  }
  if (added.length > 0) await manager.getRepository(Skill).insert(added);
  return matched;
}
