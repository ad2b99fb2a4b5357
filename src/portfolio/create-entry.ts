import type { DataSource, EntityManager } from 'typeorm';
import { runInTransaction } from '../db/transaction.js';
import { AppError, notFound } from '../http/errors.js';
import { newId } from '../model/columns.js';
import { EntryPupil } from '../model/entry-pupil.js';
import { EntrySkill } from '../model/entry-skill.js';
import { MediumTag } from '../model/medium-tag.js';
import { PortfolioEntry, type EntryState } from '../model/portfolio-entry.js';
import { PortfolioMedium } from '../model/portfolio-medium.js';
import type { Actor } from '../policy/actor.js';
import { loadClassContext, type ClassContext } from './class-context.js';
import { postingState } from './posting-state.js';
import type { NewEntryInput } from './entry-inputs.js';
import { checkSkills } from './skill-evidence.js';

/**
 * Creates an entry in a class: a teacher's starts as a draft; a pupil's (when the school allows
 * it) waits for the teacher's approval. Everything is checked before anything is written, and
 * written in one transaction: an entry never exists without its media, tags and skills.
 */
export async function createEntry(dataSource: DataSource, actor: Actor, classId: string, input: NewEntryInput, now: Date): Promise<PortfolioEntry> {
  return runInTransaction(dataSource, async (manager) => {
    const klass = await loadClassContext(manager, classId, now);
    if (!klass) throw notFound();
    const state = postingState(actor, klass);
    const pupilIds = chosenPupils(actor, klass, input, state);
    if (input.media.length === 0 && input.comment === '' && input.title === '') throw new AppError('PORTFOLIO_ENTRY_EMPTY');
    await checkSkills(manager, klass.schoolId, input.skills.map((skill) => skill.skillId));
    const media = await takeUnattachedMedia(manager, actor, klass, input.media.map((medium) => medium.id));
    for (const medium of input.media) assertInClass(klass, medium.appearing ?? []);

    // A pupil writes about themself: their contribution is never a class moment.
    const audience = state === 'pendingApproval' ? 'children' : input.audience;
    const entry = Object.assign(new PortfolioEntry(), {
      id: newId(),
      schoolId: klass.schoolId,
      classId: klass.classId,
      authorId: actor.personId,
      audience,
      momentKind: audience === 'class' ? (input.momentKind ?? 'other') : input.momentKind,
      title: input.title,
      comment: input.comment,
      state,
      publishAt: null,
      familiesSeeAt: null,
      approvedById: null,
      createdAt: now,
      updatedAt: now,
    });
    await manager.getRepository(PortfolioEntry).insert(entry);
    await attachMedia(manager, entry, media, input.media);
    if (input.skills.length > 0) {
      await manager
        .getRepository(EntrySkill)
        .insert(input.skills.map((skill) => ({ entryId: entry.id, skillId: skill.skillId, schoolId: entry.schoolId, level: skill.level })));
    }
    if (pupilIds.length > 0) {
      await manager.getRepository(EntryPupil).insert(pupilIds.map((pupilId) => ({ entryId: entry.id, pupilId, schoolId: entry.schoolId })));
    }
    return entry;
  });
}

/** The children of an entry: a pupil writes about themself only; a class moment concerns the class. */
function chosenPupils(actor: Actor, klass: ClassContext, input: NewEntryInput, state: EntryState): string[] {
  if (state === 'pendingApproval') return [actor.personId];
  if (input.audience === 'class') return [];
  const pupilIds = [...new Set(input.pupilIds)];
  if (pupilIds.length === 0) throw new AppError('PORTFOLIO_PUPILS_REQUIRED');
  assertInClass(klass, pupilIds);
  return pupilIds;
}

/** Refuses any child who is not enrolled in the class now (a child of another class, a stale form). */
export function assertInClass(klass: ClassContext, pupilIds: readonly string[]): void {
  const enrolled = new Set(klass.pupilIds);
  const outsiders = pupilIds.filter((pupilId) => !enrolled.has(pupilId));
  if (outsiders.length > 0) throw new AppError('PORTFOLIO_PUPIL_NOT_IN_CLASS', { fields: [{ field: 'pupilIds', problem: 'invalidChoice' }] });
}

/**
 * The media the author uploaded for this class and has not attached yet. Locked for the
 * transaction, so two entries cannot take the same upload.
 */
async function takeUnattachedMedia(manager: EntityManager, actor: Actor, klass: ClassContext, ids: readonly string[]): Promise<PortfolioMedium[]> {
  if (ids.length === 0) return [];
  if (new Set(ids).size !== ids.length) throw new AppError('PORTFOLIO_MEDIUM_UNAVAILABLE');
  const query = manager.getRepository(PortfolioMedium).createQueryBuilder('m').where('m.id IN (:...ids)', { ids });
  // SQLite runs one transaction at a time already; MariaDB needs the rows locked.
  if (manager.connection.options.type !== 'better-sqlite3') query.setLock('pessimistic_write');
  const media = await query.getMany();
  const usable = media.filter(
    (medium) => medium.entryId === null && medium.classId === klass.classId && medium.uploadedById === actor.personId,
  );
  if (usable.length !== ids.length) throw new AppError('PORTFOLIO_MEDIUM_UNAVAILABLE');
  return usable;
}

async function attachMedia(
  manager: EntityManager,
  entry: PortfolioEntry,
  media: readonly PortfolioMedium[],
  choices: NewEntryInput['media'],
): Promise<void> {
  const repository = manager.getRepository(PortfolioMedium);
  for (const [position, choice] of choices.entries()) {
    const medium = media.find((candidate) => candidate.id === choice.id)!;
    const reviewed = choice.appearing !== undefined || !needsPeopleReview(medium.kind);
    await repository.update({ id: medium.id }, { entryId: entry.id, position, peopleReviewed: reviewed });
    const appearing = [...new Set(choice.appearing ?? [])];
    if (appearing.length > 0) {
      await manager.getRepository(MediumTag).insert(appearing.map((pupilId) => ({ mediumId: medium.id, pupilId, schoolId: entry.schoolId })));
    }
  }
}

/** Photos and videos show people; sounds and documents are published without a review of faces. */
export function needsPeopleReview(kind: PortfolioMedium['kind']): boolean {
  return kind === 'photo' || kind === 'video';
}
