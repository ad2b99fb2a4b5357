import type { DataSource } from 'typeorm';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import { ENTRY_AUDIENCES } from '../model/portfolio-entry.js';
import { MEDIUM_KINDS } from '../model/stored-item.js';

/** Entries per timeline page. */
export const TIMELINE_PAGE_SIZE = 20;

/** Where a timeline page starts: strictly before this line (keyset paging, stable under new entries). */
export interface TimelineCursor {
  readonly at: Date;
  readonly entryId: string;
}

/** A timeline line with its entry, as read from the database. */
export const readTimelineEntryRow = rowReader({
  id: column.text,
  classId: column.text,
  authorId: column.text,
  audience: column.oneOf(ENTRY_AUDIENCES),
  momentKind: column.nullableText,
  title: column.text,
  comment: column.text,
  state: column.text,
  publishAt: column.instant,
  familiesSeeAt: column.instant,
  seenFrom: column.instant,
  authorGivenName: column.text,
  authorFamilyName: column.text,
  /** For an entry imported from another school: that school, and who published it there. */
  originSchoolName: column.nullableText,
  originAuthorName: column.nullableText,
});

/** A timeline line with its entry. */
export type TimelineEntryRow = ReturnType<typeof readTimelineEntryRow>;

/**
 * The SQL of one timeline page. Families read by
 * `familiesSeeAt` (after an evaluation's delay), the child by `publishAt`.
 */
export function timelinePageQuery(pupilId: string, now: Date, audience: 'family' | 'pupil', before?: TimelineCursor): { sql: string; parameters: unknown[] } {
  const column = audience === 'family' ? 'familiesSeeAt' : 'publishAt';
  const parameters: unknown[] = [pupilId, sqlInstant(now)];
  let after = '';
  if (before) {
    after = `AND (f.${column} < ? OR (f.${column} = ? AND f.entryId < ?))`;
    parameters.push(sqlInstant(before.at), sqlInstant(before.at), before.entryId);
  }
  return {
    sql: `SELECT e.id AS id, e.classId AS classId, e.authorId AS authorId, e.audience AS audience, e.momentKind AS momentKind,
                 e.title AS title, e.comment AS comment, e.state AS state, e.publishAt AS publishAt, e.familiesSeeAt AS familiesSeeAt,
                 f.${column} AS seenFrom, a.givenName AS authorGivenName, a.familyName AS authorFamilyName,
                 o.sourceSchoolName AS originSchoolName, o.sourceAuthorName AS originAuthorName
            FROM portfolio_feed_item f JOIN portfolio_entry e ON e.id = f.entryId JOIN person a ON a.id = e.authorId
            LEFT JOIN portfolio_import_origin o ON o.entryId = e.id
           WHERE f.pupilId = ? AND f.${column} <= ? ${after}
           ORDER BY f.${column} DESC, f.entryId DESC
           LIMIT ${TIMELINE_PAGE_SIZE + 1}`,
    parameters,
  };
}

/** A medium of a timeline entry, with one pupil who appears in it (a row per medium and pupil). */
const readTaggedMediumRow = rowReader({
  id: column.text,
  entryId: column.text,
  kind: column.oneOf(MEDIUM_KINDS),
  mimeType: column.text,
  fileName: column.text,
  width: column.nullableNumber,
  height: column.nullableNumber,
  hasScreen: column.flag,
  taggedPupilId: column.nullableText,
});

/** A medium of a timeline entry. */
export type TimelineMediumRow = Omit<ReturnType<typeof readTaggedMediumRow>, 'taggedPupilId'>;

/** A skill an entry gives evidence of. */
const readSkillEvidenceRow = rowReader({
  entryId: column.text,
  level: column.text,
  skillId: column.text,
  label: column.text,
  domainLabel: column.text,
});

/** `?, ?, ?` for `count` values. */
const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');

/** The SQL reading a page's media (one row per medium and pupil who appears in it) and skill evidence. */
export const entryDetailsSql = {
  media: (entryCount: number): string =>
    `SELECT m.id AS id, m.entryId AS entryId, m.kind AS kind, m.mimeType AS mimeType, m.fileName AS fileName, m.width AS width, m.height AS height,
            CASE WHEN m.screenKey IS NULL THEN 0 ELSE 1 END AS hasScreen, t.pupilId AS taggedPupilId
       FROM portfolio_medium m LEFT JOIN medium_tag t ON t.mediumId = m.id
      WHERE m.entryId IN (${placeholders(entryCount)}) ORDER BY m.entryId, m.position, m.id`,
  skills: (entryCount: number): string =>
    `SELECT es.entryId AS entryId, es.level AS level, s.id AS skillId, s.label AS label, s.domainLabel AS domainLabel
       FROM entry_skill es JOIN skill s ON s.id = es.skillId WHERE es.entryId IN (${placeholders(entryCount)}) ORDER BY s.position`,
};

/** A page's details as read by `loadEntryDetails`. */
export interface EntryDetails {
  media: TimelineMediumRow[];
  tags: { mediumId: string; pupilId: string }[];
  skills: ReturnType<typeof readSkillEvidenceRow>[];
}

/** Splits the rows of `entryDetailsSql.media` into media (in order, once each) and who appears in them. */
function mediaAndTags(rows: readonly ReturnType<typeof readTaggedMediumRow>[]): Pick<EntryDetails, 'media' | 'tags'> {
  const media: TimelineMediumRow[] = [];
  const tags: EntryDetails['tags'] = [];
  for (const { taggedPupilId, ...medium } of rows) {
    if (media.at(-1)?.id !== medium.id) media.push(medium);
    if (taggedPupilId !== null) tags.push({ mediumId: medium.id, pupilId: taggedPupilId });
  }
  return { media, tags };
}

/** Media with who appears in them, and skill evidence, of a page of entries: two queries at once. */
export async function loadEntryDetails(dataSource: DataSource, entryIds: readonly string[]): Promise<EntryDetails> {
  if (entryIds.length === 0) return { media: [], tags: [], skills: [] };
  const [mediaRows, skills] = await Promise.all([
    queryRows(dataSource, readTaggedMediumRow, entryDetailsSql.media(entryIds.length), [...entryIds]),
    queryRows(dataSource, readSkillEvidenceRow, entryDetailsSql.skills(entryIds.length), [...entryIds]),
  ]);
  return { ...mediaAndTags(mediaRows), skills };
}
