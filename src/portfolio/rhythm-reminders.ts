import type { DataSource } from 'typeorm';
import type { Actor } from '../policy/actor.js';
import { loadClassPortfolio } from './class-portfolio.js';

/** The weekly rhythm, for a teacher's home page and weekly e-mail: the next slot, and the children to feature before it. */
export interface RhythmReminder {
  readonly classId: string;
  readonly className: string;
  /** The class's school time zone, in which the slot is told. */
  readonly timezone: string;
  /** The school's `featureEveryDays`. */
  readonly featureEveryDays: number;
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
    return {
      classId: portfolio.classId,
      className: portfolio.className,
      timezone: portfolio.timezone,
      featureEveryDays: portfolio.featureEveryDays,
      nextSlot: portfolio.nextSlots[0] ?? null,
      dueCount: due.length,
      dueNames: due.slice(0, 5).map((pupil) => pupil.givenName),
    };
  });
}
