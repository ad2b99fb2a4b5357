import type { DataSource } from 'typeorm';
import { runInTransaction } from '../db/transaction.js';
import { AppError } from '../http/errors.js';
import { PortfolioEntry } from '../model/portfolio-entry.js';
import type { Actor } from '../policy/actor.js';
import { clearFeed } from './entry-feed.js';
import { loadEntryFor } from './load-entry.js';

/**
 * Takes an entry back from families (a mistake, a family's request): it leaves every timeline at
 * once. The teacher may edit it and schedule it again.
 */
export async function withdrawEntry(dataSource: DataSource, actor: Actor, entryId: string, now: Date): Promise<void> {
  await runInTransaction(dataSource, async (manager) => {
    const { entry } = await loadEntryFor(manager, actor, entryId, 'publish', now, true);
    if (entry.state !== 'scheduled' && entry.state !== 'published') throw new AppError('PORTFOLIO_ENTRY_NOT_EDITABLE');
    await clearFeed(manager, entry.id);
    await manager.getRepository(PortfolioEntry).update({ id: entry.id }, { state: 'withdrawn', updatedAt: now });
  });
}

/** Brings a withdrawn or scheduled entry back to a draft, to edit it before it goes out again. */
export async function returnToDraft(dataSource: DataSource, actor: Actor, entryId: string, now: Date): Promise<void> {
  await runInTransaction(dataSource, async (manager) => {
    const { entry } = await loadEntryFor(manager, actor, entryId, 'publish', now, true);
    if (entry.state === 'draft') return;
    if (entry.state === 'published') throw new AppError('PORTFOLIO_ENTRY_NOT_EDITABLE');
    await clearFeed(manager, entry.id);
    await manager
      .getRepository(PortfolioEntry)
      .update({ id: entry.id }, { state: 'draft', publishAt: null, familiesSeeAt: null, approvedById: entry.approvedById ?? (entry.state === 'pendingApproval' ? actor.personId : null), updatedAt: now });
  });
}

/**
 * Marks entries whose slot has come as published. Families see them from their slot anyway
 * (visibility is decided by time, see describeEntry); this keeps the teacher's list truthful.
 */
export async function markDueEntriesPublished(dataSource: DataSource, now: Date): Promise<number> {
  const result = await dataSource
    .createQueryBuilder()
    .update(PortfolioEntry)
    .set({ state: 'published' })
    .where('state = :state AND publishAt <= :now', { state: 'scheduled', now })
    .execute();
  return result.affected ?? 0;
}
