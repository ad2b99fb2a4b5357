import type { DataSource } from 'typeorm';
import type { Actor } from '../policy/actor.js';
import { loadClassPortfolio } from './class-portfolio.js';

/** The weekly rhythm, for a teacher's home page: the next slot, and the children to feature before it. */
export interface RhythmReminder {
  readonly classId: string;
  readonly nextSlot: Date | null;
  /** Children not featured for the school's `featureEveryDays` (or never). */
  readonly dueCount: number;
  readonly dueNames: readonly string[];
}

/**
 * One reminder per class the teacher teaches: what goes out at the next publication slot is what
 * families will look at, so the children nobody has shown lately are named before it.
 */
export async function rhythmReminders(dataSource: DataSource, actor: Actor, classIds: readonly string[], now: Date): Promise<RhythmReminder[]> {
  const portfolios = await Promise.all(classIds.map((classId) => loadClassPortfolio(dataSource, actor, classId, now)));
  return portfolios.map((portfolio) => {
    const due = portfolio.pupils.filter((pupil) => pupil.due);
    return { classId: portfolio.classId, nextSlot: portfolio.nextSlots[0] ?? null, dueCount: due.length, dueNames: due.slice(0, 5).map((pupil) => pupil.givenName) };
  });
}
