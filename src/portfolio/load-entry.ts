import type { EntityManager } from 'typeorm';
import { AppError, notFound } from '../http/errors.js';
import { PortfolioEntry } from '../model/portfolio-entry.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import type { ActionOn, EntryFacts } from '../policy/resources.js';
import { describeEntry } from './entry-facts.js';
import { readPupilIdRow } from '../db/common-rows.js';
import { queryRows } from '../db/row-reader.js';

/** An entry with the children it concerns and its description for the policy. */
interface LoadedEntry {
  readonly entry: PortfolioEntry;
  /** Named children, or for a class moment that has gone out, the class's children then. */
  readonly pupilIds: readonly string[];
  readonly facts: EntryFacts;
}

/** The children an entry concerns: named ones, or the timeline lines of a class moment. */
export async function entryPupilIds(manager: EntityManager, entry: Pick<PortfolioEntry, 'id' | 'audience'>): Promise<string[]> {
  const rows = await queryRows(manager, readPupilIdRow, entry.audience === 'class'
      ? 'SELECT pupilId FROM portfolio_feed_item WHERE entryId = ?'
      : 'SELECT pupilId FROM entry_pupil WHERE entryId = ?',
    [entry.id]);
  return rows.map((row) => row.pupilId);
}

/**
 * Loads an entry the actor may act on, or answers NOT_FOUND (also when it exists but is not
 * theirs to see, so ids cannot be probed). `lock` holds the row for a transaction that changes it.
 */
export async function loadEntryFor(
  manager: EntityManager,
  actor: Actor,
  entryId: string,
  action: ActionOn<'portfolioEntry'>,
  now: Date,
  lock = false,
): Promise<LoadedEntry> {
  const query = manager.getRepository(PortfolioEntry).createQueryBuilder('e').where('e.id = :entryId', { entryId });
  if (lock && manager.connection.options.type !== 'better-sqlite3') query.setLock('pessimistic_write');
  const entry = await query.getOne();
  if (!entry) throw notFound();
  const pupilIds = await entryPupilIds(manager, entry);
  const facts = describeEntry(entry, pupilIds, now);
  if (!can(actor, action, { kind: 'portfolioEntry', ...facts })) {
    // Someone who may see the entry but not do this gets FORBIDDEN; anyone else learns nothing.
    if (action !== 'view' && can(actor, 'view', { kind: 'portfolioEntry', ...facts })) throw new AppError('FORBIDDEN');
    throw notFound();
  }
  return { entry, pupilIds, facts };
}
