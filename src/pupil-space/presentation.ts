import type { DataSource } from 'typeorm';
import type { PupilFacts } from '../directory/pupil-facts.js';
import type { Actor } from '../policy/actor.js';
import { findPortfolioPupil } from '../portfolio/find-portfolio-pupil.js';
import { loadTimelineOf, type TimelineEntry } from '../portfolio/timeline.js';

/**
 * The most entries a presentation walks through: about five school weeks of a busy class, more
 * than a sitting with the family holds; the portfolio keeps the rest.
 */
export const MAX_SLIDES = 60;

/** One slide of "show my parents": an entry, with its position among the slides. */
export interface PresentationSlide {
  readonly pupil: PupilFacts;
  /** 1-based; the entries run from the oldest to the newest, as the pages of an exercise book. */
  readonly position: number;
  readonly total: number;
  readonly entry: TimelineEntry | undefined;
}

/**
 * "Show my parents": the pupil's published entries one by one, as the pupil's own timeline shows
 * them (the policy's publication and image-rights rules, through the timeline), oldest first.
 * Only the pupil themself presents their portfolio (`present` in the policy); anyone else, or an
 * unknown pupil, gets NOT_FOUND. A position beyond the last slide shows the last one.
 */
export async function loadPresentationSlide(dataSource: DataSource, actor: Actor, pupilId: string, position: number, now: Date): Promise<PresentationSlide> {
  const pupil = await findPortfolioPupil(dataSource, actor, pupilId, 'present', now);
  const entries: TimelineEntry[] = [];
  let page = await loadTimelineOf(dataSource, actor, pupil, now);
  entries.push(...page.entries);
  while (page.next && entries.length < MAX_SLIDES) {
    page = await loadTimelineOf(dataSource, actor, pupil, now, page.next);
    entries.push(...page.entries);
  }
  const slides = entries.slice(0, MAX_SLIDES).reverse();
  const shown = Math.min(Math.max(position, 1), Math.max(slides.length, 1));
  return { pupil, position: shown, total: slides.length, entry: slides[shown - 1] };
}
