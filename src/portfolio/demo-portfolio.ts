import type { EntityManager } from 'typeorm';
import { newId } from '../model/columns.js';
import { EntryPupil } from '../model/entry-pupil.js';
import { EntrySkill, type SkillLevel } from '../model/entry-skill.js';
import { PortfolioEntry, type MomentKind } from '../model/portfolio-entry.js';
import { PortfolioFeedItem } from '../model/portfolio-feed-item.js';
import { Skill } from '../model/skill.js';
import { ensureSkillFramework } from '../skills/school-skills.js';

/** Who the demo portfolio is about: the GS class, its teacher and pupils, and Léo Petit. */
interface DemoPortfolioPeople {
  readonly schoolId: string;
  readonly gsClassId: string;
  readonly gsTeacherId: string;
  readonly gsPupilIds: readonly string[];
  readonly leoId: string;
}

const DAY_MS = 24 * 3_600_000;

/**
 * A few published entries for the demo school, so a newcomer sees a portfolio at once: a class
 * moment of the GS, and two entries about Léo with skill evidence (one an evaluation, seen by
 * the family a day after him). Text only: photos come from a teacher's phone in the demo itself.
 */
export async function insertDemoPortfolio(manager: EntityManager, people: DemoPortfolioPeople, now: Date): Promise<void> {
  await ensureSkillFramework(manager, people.schoolId);
  const skills = await manager.getRepository(Skill).find({ where: { schoolId: people.schoolId, cycle: 1 } });
  const skill = (start: string) => skills.find((candidate) => candidate.label.startsWith(start))!.id;

  const entries: { daysAgo: number; title: string; comment: string; moment?: MomentKind; about?: string; evidence?: [string, SkillLevel][] }[] = [
    {
      daysAgo: 20,
      title: 'La rentrée des Hiboux',
      comment: 'Chaque matin, les enfants accrochent leur étiquette au tableau des présents et chantent la comptine du jour.',
      moment: 'ritual',
    },
    {
      daysAgo: 13,
      title: 'Léo compte les graines',
      comment: 'Léo a compté jusqu’à 17 sans se tromper en plantant les graines du potager. Nous continuons jusqu’à 30.',
      about: people.leoId,
      evidence: [['Dire la suite des nombres', 'inProgress']],
    },
    {
      daysAgo: 6,
      title: 'L’histoire du petit ours',
      comment: 'Léo a raconté l’histoire à toute la classe, avec les gestes. Bravo !',
      about: people.leoId,
      evidence: [['Pratiquer divers usages du langage oral', 'achieved']],
    },
  ];
  for (const item of entries) {
    const publishAt = new Date(now.getTime() - item.daysAgo * DAY_MS);
    const familiesSeeAt = new Date(publishAt.getTime() + (item.evidence ? DAY_MS : 0));
    const entry = Object.assign(new PortfolioEntry(), {
      id: newId(),
      schoolId: people.schoolId,
      classId: people.gsClassId,
      authorId: people.gsTeacherId,
      audience: item.about ? 'children' : 'class',
      momentKind: item.moment ?? null,
      title: item.title,
      comment: item.comment,
      state: 'published',
      publishAt,
      familiesSeeAt,
      approvedById: null,
      createdAt: publishAt,
      updatedAt: publishAt,
    });
    await manager.insert(PortfolioEntry, entry);
    const pupilIds = item.about ? [item.about] : [...people.gsPupilIds];
    if (item.about) await manager.insert(EntryPupil, { entryId: entry.id, pupilId: item.about, schoolId: people.schoolId });
    await manager.insert(
      PortfolioFeedItem,
      pupilIds.map((pupilId) => ({ pupilId, entryId: entry.id, schoolId: people.schoolId, publishAt, familiesSeeAt })),
    );
    for (const [label, level] of item.evidence ?? []) {
      await manager.insert(EntrySkill, { entryId: entry.id, skillId: skill(label), schoolId: people.schoolId, level });
    }
  }
}
