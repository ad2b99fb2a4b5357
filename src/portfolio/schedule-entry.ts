import type { DataSource } from 'typeorm';
import { runInTransaction } from '../db/transaction.js';
import { AppError } from '../http/errors.js';
import { PortfolioEntry } from '../model/portfolio-entry.js';
import type { Actor } from '../policy/actor.js';
import { loadClassContext } from './class-context.js';
import { needsPeopleReview } from './create-entry.js';
import { writeFeed } from './entry-feed.js';
import type { ScheduleInput } from './entry-inputs.js';
import { loadEntryFor } from './load-entry.js';
import { nextPublicationSlot } from './publication-slots.js';
import { readCountRow, readPupilIdRow } from '../db/common-rows.js';
import { queryRows } from '../db/row-reader.js';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Sends an entry out: at the school's next publication slot (so families know when to look, and
 * when they may stop looking), at a chosen time, or now. An evaluation (an entry with skill
 * levels) reaches families after the school's delay: the child sees it first.
 */
export async function scheduleEntry(dataSource: DataSource, actor: Actor, entryId: string, input: ScheduleInput, now: Date): Promise<PortfolioEntry> {
  return runInTransaction(dataSource, async (manager) => {
    const { entry } = await loadEntryFor(manager, actor, entryId, 'publish', now, true);
    if (entry.state !== 'draft' && entry.state !== 'scheduled') throw new AppError('PORTFOLIO_ENTRY_NOT_EDITABLE');
    const klass = (await loadClassContext(manager, entry.classId, now))!;

    const unreviewed = (await manager.query('SELECT kind FROM portfolio_medium WHERE entryId = ? AND peopleReviewed = ?', [entry.id, false])) as {
      kind: 'photo' | 'video' | 'audio' | 'document';
    }[];
    if (unreviewed.some((medium) => needsPeopleReview(medium.kind))) throw new AppError('PORTFOLIO_MEDIA_NOT_REVIEWED');

    const publishAt = publicationTime(input, klass.settings.portfolio.publicationSlots, klass.timezone, now);
    const skillCount = await queryRows(manager, readCountRow, 'SELECT COUNT(*) AS n FROM entry_skill WHERE entryId = ?', [entry.id]);
    const isEvaluation = Number(skillCount[0]?.n ?? 0) > 0;
    const familiesSeeAt = new Date(publishAt.getTime() + (isEvaluation ? klass.settings.portfolio.evaluationDelayHours * HOUR_MS : 0));

    Object.assign(entry, { state: publishAt <= now ? 'published' : 'scheduled', publishAt, familiesSeeAt, updatedAt: now });
    await manager.getRepository(PortfolioEntry).update({ id: entry.id }, {
      state: entry.state,
      publishAt,
      familiesSeeAt,
      updatedAt: now,
    });
    const pupilIds =
      entry.audience === 'class'
        ? klass.pupilIds
        : (await queryRows(manager, readPupilIdRow, 'SELECT pupilId FROM entry_pupil WHERE entryId = ?', [entry.id])).map((row) => row.pupilId);
    await writeFeed(manager, entry, pupilIds);
    return entry;
  });
}

function publicationTime(input: ScheduleInput, slots: readonly { weekday: number; time: string }[], timezone: string, now: Date): Date {
  if (input.when === 'now') return now;
  if (input.when === 'nextSlot') return nextPublicationSlot(slots, timezone, now);
  if (input.at === undefined) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'at', problem: 'required' }] });
  const at = new Date(input.at);
  if (at.getTime() < now.getTime()) throw new AppError('PORTFOLIO_SCHEDULE_IN_PAST', { fields: [{ field: 'at', problem: 'inThePast' }] });
  return at;
}
