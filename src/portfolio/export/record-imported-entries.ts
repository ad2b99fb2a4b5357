import type { EntityManager } from 'typeorm';
import type { DataSource } from 'typeorm';
import { runInTransaction } from '../../db/transaction.js';
import type { IngestedMedia } from '../../media/index.js';
import { newId } from '../../model/columns.js';
import { EntryPupil } from '../../model/entry-pupil.js';
import { EntrySkill, type SkillLevel } from '../../model/entry-skill.js';
import { PortfolioEntry } from '../../model/portfolio-entry.js';
import { PortfolioFeedItem } from '../../model/portfolio-feed-item.js';
import { PortfolioImportOrigin } from '../../model/portfolio-import-origin.js';
import { holdSchoolQuota, storedBytesOf } from '../../quota/remaining-school-quota.js';
import { PortfolioMedium } from '../../model/portfolio-medium.js';
import { mediumRow } from '../upload-media.js';
import { matchSkills, skillKey } from './match-skills.js';
import type { PortfolioArchiveEntry } from './portfolio-archive-format.js';

/** Where imported entries go: a pupil of a class, brought in by a teacher or the director. */
interface ImportTarget {
  readonly schoolId: string;
  readonly classId: string;
  readonly pupilId: string;
  readonly importerId: string;
  /** The archive's school: where its entries were published, unless an entry names another. */
  readonly sourceSchoolName: string;
}

/** An archive entry whose media are already stored, in the entry's order. */
export interface StoredArchiveEntry {
  readonly entry: PortfolioArchiveEntry;
  readonly media: readonly IngestedMedia[];
}

/** Rows per INSERT: keeps every statement under SQLite's and MariaDB's placeholder limits. */
const ROWS_PER_INSERT = 100;

async function insertAll<T extends object>(manager: EntityManager, target: new () => T, rows: readonly T[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await manager.getRepository(target).insert(rows.slice(start, start + ROWS_PER_INSERT) as T[]);
  }
}

/** An instant of the archive, never later than now: a future date would hide the entry until then. */
function pastInstant(value: string, now: Date): Date {
  const at = new Date(value);
  return at.getTime() > now.getTime() ? now : at;
}

/**
 * Writes imported entries in one transaction, as published history of the pupil: each entry is
 * about this child only (audience `children`, whatever it was — the receiving class did not live
 * the other school's class moments), keeps its original dates, appears on the child's timeline
 * (entry_pupil and feed rows), and gives evidence of the receiving school's matching skills. Its
 * media count as reviewed with nobody tagged: the archive holds only what this child's family
 * could see, and here the entry is shown to that family alone. The importer is the author, the
 * only person of this school who vouches for the entry; the school and teacher who published it
 * first are kept beside it, and the timeline names them. Each entry's id in the archive is kept
 * beside it, so that importing the archive again skips it. The school's quota is checked again
 * with the stored media (`holdSchoolQuota`).
 */
export async function recordImportedEntries(dataSource: DataSource, target: ImportTarget, stored: readonly StoredArchiveEntry[], now: Date, quotaBytes: number): Promise<void> {
  await runInTransaction(dataSource, async (manager) => {
    await holdSchoolQuota(manager, quotaBytes, target.schoolId, storedBytesOf(stored.flatMap((entry) => entry.media)));
    const skillIds = await matchSkills(manager, target.schoolId, stored.flatMap(({ entry }) => entry.skills));
    const entries: PortfolioEntry[] = [];
    const pupils: EntryPupil[] = [];
    const feed: PortfolioFeedItem[] = [];
    const evidence: EntrySkill[] = [];
    const media: PortfolioMedium[] = [];
    const origins: PortfolioImportOrigin[] = [];
    for (const { entry, media: files } of stored) {
      const id = newId();
      origins.push(
        Object.assign(new PortfolioImportOrigin(), {
          entryId: id,
          schoolId: target.schoolId,
          pupilId: target.pupilId,
          sourceEntryId: entry.id,
          sourceSchoolName: entry.school ?? target.sourceSchoolName,
          sourceAuthorName: entry.author ?? null,
        }),
      );
      const publishAt = pastInstant(entry.publishedAt, now);
      const familiesSeeAt = new Date(Math.max(publishAt.getTime(), pastInstant(entry.familiesSeeAt ?? entry.publishedAt, now).getTime()));
      entries.push(
        Object.assign(new PortfolioEntry(), {
          id,
          schoolId: target.schoolId,
          classId: target.classId,
          authorId: target.importerId,
          audience: 'children' as const,
          momentKind: entry.momentKind,
          title: entry.title,
          comment: entry.comment,
          state: 'published' as const,
          publishAt,
          familiesSeeAt,
          approvedById: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      pupils.push(Object.assign(new EntryPupil(), { entryId: id, pupilId: target.pupilId, schoolId: target.schoolId }));
      feed.push(Object.assign(new PortfolioFeedItem(), { pupilId: target.pupilId, entryId: id, schoolId: target.schoolId, publishAt, familiesSeeAt }));
      // Two archive skills may be one skill here: the first level given stands.
      const levels = new Map<string, SkillLevel>();
      for (const skill of entry.skills) {
        const skillId = skillIds.get(skillKey(skill));
        if (skillId && !levels.has(skillId)) levels.set(skillId, skill.level);
      }
      for (const [skillId, level] of levels) evidence.push(Object.assign(new EntrySkill(), { entryId: id, skillId, schoolId: target.schoolId, level }));
      files.forEach((file, position) =>
        media.push(mediumRow(file, { schoolId: target.schoolId, classId: target.classId, entryId: id, uploadedById: target.importerId, peopleReviewed: true }, position, now)),
      );
    }
    await insertAll(manager, PortfolioEntry, entries);
    await insertAll(manager, EntryPupil, pupils);
    await insertAll(manager, PortfolioFeedItem, feed);
    await insertAll(manager, EntrySkill, evidence);
    await insertAll(manager, PortfolioMedium, media);
    await insertAll(manager, PortfolioImportOrigin, origins);
  });
}

/** The archive entry ids already imported for this child in this school. */
export async function importedSourceEntryIds(dataSource: DataSource, target: Pick<ImportTarget, 'schoolId' | 'pupilId'>): Promise<Set<string>> {
  const rows = await dataSource.getRepository(PortfolioImportOrigin).find({ select: { sourceEntryId: true }, where: { schoolId: target.schoolId, pupilId: target.pupilId } });
  return new Set(rows.map((row) => row.sourceEntryId));
}
