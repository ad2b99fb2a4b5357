import type { EntityManager } from 'typeorm';
import { PortfolioFeedItem } from '../model/portfolio-feed-item.js';
import type { PortfolioEntry } from '../model/portfolio-entry.js';

/**
 * Writes the timeline lines of a scheduled or published entry: one per child it concerns. A class
 * moment concerns the pupils of the class when it is scheduled, so a child who joins later does
 * not find moments lived before they came, and one who leaves keeps them.
 */
export async function writeFeed(manager: EntityManager, entry: PortfolioEntry, pupilIds: readonly string[]): Promise<void> {
  await clearFeed(manager, entry.id);
  if (pupilIds.length === 0 || entry.publishAt === null || entry.familiesSeeAt === null) return;
  const { publishAt, familiesSeeAt } = entry;
  await manager
    .getRepository(PortfolioFeedItem)
    .insert([...new Set(pupilIds)].map((pupilId) => ({ pupilId, entryId: entry.id, schoolId: entry.schoolId, publishAt, familiesSeeAt })));
}

/** Removes an entry from every timeline (back to draft, or withdrawn). */
export async function clearFeed(manager: EntityManager, entryId: string): Promise<void> {
  await manager.getRepository(PortfolioFeedItem).delete({ entryId });
}
