import type { DataSource } from 'typeorm';
import type { PupilFacts } from '../../directory/pupil-facts.js';
import { readInstant } from '../../db/sql-values.js';
import type { SkillLevel } from '../../model/entry-skill.js';
import type { EntryAudience, MomentKind } from '../../model/portfolio-entry.js';
import type { MediumKind } from '../../model/stored-item.js';
import type { Actor } from '../../policy/actor.js';
import { findPortfolioPupil } from '../find-portfolio-pupil.js';
import { loadTimeline, type TimelineEntry } from '../timeline.js';
import { familyViewerOf } from './family-viewer.js';
import { archiveFileName } from './media-file-name.js';
import { column, queryRows, rowReader } from '../../db/row-reader.js';

/** A medium going into the archive: where it is stored and where it goes. */
export interface ExportedMedium {
  readonly kind: MediumKind;
  readonly mimeType: string;
  /** `media/<n>-<file>` inside the archive. */
  readonly path: string;
  readonly storageKey: string;
}

/** A skill evidence, with what another school needs to match it to its own framework. */
interface ExportedSkill {
  readonly cycle: number;
  readonly domainCode: string;
  readonly domainLabel: string;
  readonly label: string;
  readonly level: SkillLevel;
}

/** An entry going into the archive. */
export interface ExportedEntry {
  readonly id: string;
  readonly audience: EntryAudience;
  readonly momentKind: MomentKind | null;
  readonly title: string;
  readonly comment: string;
  readonly publishedAt: Date;
  readonly familiesSeeAt: Date;
  readonly skills: readonly ExportedSkill[];
  readonly media: readonly ExportedMedium[];
  /** Who published it, as families saw them named. */
  readonly author: string | undefined;
  /** Where it was published, when another school than the exporting one (it was imported here). */
  readonly school: string | undefined;
}

/** Everything an archive holds, before any byte is written. */
export interface PortfolioExport {
  readonly pupil: PupilFacts;
  readonly school: { readonly name: string; readonly uai: string; readonly timezone: string };
  readonly exportedAt: Date;
  /** Oldest first: an archive is read as a story. */
  readonly entries: readonly ExportedEntry[];
}

/** Rows per `IN (…)` list: well under SQLite's and MariaDB's placeholder limits. */
const CHUNK = 500;

async function queryInChunks<T>(dataSource: DataSource, ids: readonly string[], sql: (placeholders: string) => string): Promise<T[]> {
  const rows: T[] = [];
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    rows.push(...((await dataSource.query(sql(chunk.map(() => '?').join(', ')), chunk)) as T[]));
  }
  return rows;
}

/** Every page of a timeline, through its keyset cursor. */
async function wholeTimeline(dataSource: DataSource, viewer: Actor, pupilId: string, now: Date): Promise<TimelineEntry[]> {
  const entries: TimelineEntry[] = [];
  let page = await loadTimeline(dataSource, viewer, pupilId, now);
  entries.push(...page.entries);
  while (page.next) {
    page = await loadTimeline(dataSource, viewer, pupilId, now, page.next);
    entries.push(...page.entries);
  }
  return entries;
}

/**
 * What a child's portfolio archive holds for this requester: the child's timeline as the requester
 * sees it (access policy and image rights already applied by `loadTimeline`), and of its media only
 * those the child's family may see too. NOT_FOUND unless the requester has the `export` right.
 */
export async function collectPortfolioExport(dataSource: DataSource, actor: Actor, pupilId: string, now: Date): Promise<PortfolioExport> {
  const pupil = await findPortfolioPupil(dataSource, actor, pupilId, 'export', now);
  const timeline = await wholeTimeline(dataSource, actor, pupil.id, now);
  const familyTimeline = await wholeTimeline(dataSource, familyViewerOf(pupil), pupil.id, now);
  const familySees = new Set(familyTimeline.flatMap((entry) => entry.media.map((medium) => `${entry.id}/${medium.id}`)));

  const entryIds = timeline.map((entry) => entry.id);
  const skillIds = [...new Set(timeline.flatMap((entry) => entry.skills.map((skill) => skill.skillId)))];
  const mediumIds = timeline.flatMap((entry) => entry.media.filter((medium) => familySees.has(`${entry.id}/${medium.id}`)).map((medium) => medium.id));

  const dates = new Map(
    (
      await queryInChunks<{ id: string; publishAt: unknown; familiesSeeAt: unknown }>(
        dataSource,
        entryIds,
        (list) => `SELECT id, publishAt, familiesSeeAt FROM portfolio_entry WHERE id IN (${list})`,
      )
    ).map((row) => [row.id, { publishedAt: readInstant(row.publishAt), familiesSeeAt: readInstant(row.familiesSeeAt) }]),
  );
  const skills = new Map(
    (
      await queryInChunks<{ id: string; cycle: number | string; domainCode: string }>(
        dataSource,
        skillIds,
        (list) => `SELECT id, cycle, domainCode FROM skill WHERE id IN (${list})`,
      )
    ).map((row) => [row.id, row]),
  );
  const keys = new Map(
    (
      await queryInChunks<{ id: string; originalKey: string }>(dataSource, mediumIds, (list) => `SELECT id, originalKey FROM portfolio_medium WHERE id IN (${list})`)
    ).map((row) => [row.id, row.originalKey]),
  );
  const schools = await queryRows(dataSource, rowReader({ name: column.text, uai: column.text, timezone: column.text }), 'SELECT name, uai, timezone FROM school WHERE id = ?', [pupil.schoolId]);

  let position = 0;
  const entries = [...timeline].reverse().map((entry): ExportedEntry => {
    const when = dates.get(entry.id) ?? { publishedAt: entry.seenFrom, familiesSeeAt: entry.seenFrom };
    return {
      id: entry.id,
      audience: entry.audience,
      momentKind: entry.momentKind as MomentKind | null,
      title: entry.title,
      comment: entry.comment,
      ...when,
      author: entry.origin ? (entry.origin.authorName ?? undefined) : entry.author && `${entry.author.givenName} ${entry.author.familyName}`.trim(),
      school: entry.origin?.schoolName,
      skills: entry.skills.flatMap((skill) => {
        const row = skills.get(skill.skillId);
        return row ? [{ cycle: Number(row.cycle), domainCode: row.domainCode, domainLabel: skill.domainLabel, label: skill.label, level: skill.level as SkillLevel }] : [];
      }),
      media: entry.media.flatMap((medium) => {
        if (!familySees.has(`${entry.id}/${medium.id}`)) return [];
        const storageKey = keys.get(medium.id);
        if (!storageKey) return [];
        position += 1;
        return [{ kind: medium.kind, mimeType: medium.mimeType, path: `media/${position}-${archiveFileName(medium.fileName)}`, storageKey }];
      }),
    };
  });
  const school = schools[0] ?? { name: '', uai: '', timezone: pupil.timezone };
  return { pupil, school, exportedAt: now, entries };
}
