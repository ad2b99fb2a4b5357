import type { DataSource } from 'typeorm';
import type { PupilFacts } from '../directory/pupil-facts.js';
import { sqlInstant } from '../db/sql-values.js';
import { SKILL_LEVELS, type SkillLevel } from '../model/entry-skill.js';
import type { Actor } from '../policy/actor.js';
import { hasRole } from '../policy/actor.js';
import { findPortfolioPupil } from './find-portfolio-pupil.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** A skill of the child's dashboard: the latest level, and the entries that show it. */
interface DashboardSkill {
  readonly skillId: string;
  readonly label: string;
  readonly domainLabel: string;
  readonly level: SkillLevel;
  readonly evidence: readonly { entryId: string; title: string; level: SkillLevel; at: Date }[];
}

/** A child's skills progress as the viewer may see it. */
interface SkillsDashboard {
  readonly pupil: PupilFacts;
  /** Achieved or beyond. */
  readonly successes: readonly DashboardSkill[];
  /** In progress. */
  readonly workingOn: readonly DashboardSkill[];
  /** Not yet: what comes next. */
  readonly nextSteps: readonly DashboardSkill[];
}

const readEvidenceRow = rowReader({
  skillId: column.text,
  label: column.text,
  domainLabel: column.text,
  level: column.oneOf(SKILL_LEVELS),
  entryId: column.text,
  title: column.text,
  at: column.instant,
});

/**
 * The parent's dashboard of one child: for every skill with evidence they may see, its latest
 * level and the entries behind it. Built from the same timeline lines as the timeline, so it
 * shows nothing the family could not open (an evaluation appears after its delay).
 */
export async function loadSkillsDashboard(dataSource: DataSource, actor: Actor, pupilId: string, now: Date): Promise<SkillsDashboard> {
  const pupil = await findPortfolioPupil(dataSource, actor, pupilId, 'view', now);
  const column = actor.personId === pupil.id && hasRole(actor, pupil.schoolId, 'pupil') ? 'publishAt' : 'familiesSeeAt';
  const rows = await queryRows(dataSource, readEvidenceRow, `SELECT es.skillId AS skillId, s.label AS label, s.domainLabel AS domainLabel, es.level AS level, e.id AS entryId, e.title AS title, f.${column} AS at
       FROM portfolio_feed_item f
       JOIN entry_skill es ON es.entryId = f.entryId
       JOIN skill s ON s.id = es.skillId
       JOIN portfolio_entry e ON e.id = f.entryId
      WHERE f.pupilId = ? AND f.${column} <= ?
      ORDER BY s.position, f.${column}`,
    [pupil.id, sqlInstant(now)]);

  const bySkill = new Map<string, DashboardSkill & { evidence: { entryId: string; title: string; level: SkillLevel; at: Date }[] }>();
  for (const row of rows) {
    const evidence = { entryId: row.entryId, title: row.title, level: row.level, at: row.at };
    const skill = bySkill.get(row.skillId);
    if (skill) {
      skill.evidence.push(evidence);
      bySkill.set(row.skillId, { ...skill, level: row.level });
    } else {
      bySkill.set(row.skillId, { skillId: row.skillId, label: row.label, domainLabel: row.domainLabel, level: row.level, evidence: [evidence] });
    }
  }
  const skills = [...bySkill.values()].map((skill) => ({ ...skill, evidence: [...skill.evidence].reverse() }));
  return {
    pupil,
    successes: skills.filter((skill) => skill.level === 'achieved' || skill.level === 'beyond'),
    workingOn: skills.filter((skill) => skill.level === 'inProgress'),
    nextSteps: skills.filter((skill) => skill.level === 'notYet'),
  };
}
