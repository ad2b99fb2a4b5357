import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';

/** Entries per timeline page. */
export const TIMELINE_PAGE_SIZE = 20;

/** Where a timeline page starts: strictly before this line (keyset paging, stable under new entries). */
export interface TimelineCursor {
  readonly at: Date;
  readonly entryId: string;
}

/** A timeline line with its entry, as read from the database. */
export interface TimelineEntryRow {
  id: string;
  classId: string;
  authorId: string;
  audience: 'children' | 'class';
  momentKind: string | null;
  title: string;
  comment: string;
  state: string;
  publishAt: unknown;
  familiesSeeAt: unknown;
  seenFrom: unknown;
  authorGivenName: string;
  authorFamilyName: string;
  /** For an entry imported from another school: that school, and who published it there. */
  originSchoolName: string | null;
  originAuthorName: string | null;
}

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

/** A medium of a timeline entry. */
export interface TimelineMediumRow {
  id: string;
  entryId: string;
  kind: 'photo' | 'video' | 'audio' | 'document';
  mimeType: string;
  fileName: string;
  width: number | null;
  height: number | null;
  hasScreen: number | string;
}

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
  skills: { entryId: string; level: string; skillId: string; label: string; domainLabel: string }[];
}

/** Splits the rows of `entryDetailsSql.media` into media (in order, once each) and who appears in them. */
function mediaAndTags(rows: readonly (TimelineMediumRow & { taggedPupilId: string | null })[]): Pick<EntryDetails, 'media' | 'tags'> {
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
    dataSource.query(entryDetailsSql.media(entryIds.length), [...entryIds]) as Promise<(TimelineMediumRow & { taggedPupilId: string | null })[]>,
    dataSource.query(entryDetailsSql.skills(entryIds.length), [...entryIds]) as Promise<EntryDetails['skills']>,
  ]);
  return { ...mediaAndTags(mediaRows), skills };
}
