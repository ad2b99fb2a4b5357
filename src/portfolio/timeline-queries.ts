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
}

/**
 * The SQL of one timeline page, shared with the raw benchmark baseline. Families read by
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
                 f.${column} AS seenFrom
            FROM portfolio_feed_item f JOIN portfolio_entry e ON e.id = f.entryId
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

/** The SQL reading a page's media, skill evidence, authors and tags, shared with the raw benchmark baseline. */
export const entryDetailsSql = {
  media: (entryCount: number): string =>
    `SELECT id, entryId, kind, mimeType, fileName, width, height, CASE WHEN screenKey IS NULL THEN 0 ELSE 1 END AS hasScreen
       FROM portfolio_medium WHERE entryId IN (${placeholders(entryCount)}) ORDER BY position`,
  skills: (entryCount: number): string =>
    `SELECT es.entryId AS entryId, es.level AS level, s.id AS skillId, s.label AS label, s.domainLabel AS domainLabel
       FROM entry_skill es JOIN skill s ON s.id = es.skillId WHERE es.entryId IN (${placeholders(entryCount)}) ORDER BY s.position`,
  authors: (count: number): string => `SELECT id, givenName, familyName FROM person WHERE id IN (${placeholders(count)})`,
  tags: (mediumCount: number): string => `SELECT mediumId, pupilId FROM medium_tag WHERE mediumId IN (${placeholders(mediumCount)})`,
};

/** A page's details as read by `loadEntryDetails`. */
export interface EntryDetails {
  media: TimelineMediumRow[];
  tags: { mediumId: string; pupilId: string }[];
  skills: { entryId: string; level: string; skillId: string; label: string; domainLabel: string }[];
  authors: { id: string; givenName: string; familyName: string }[];
}

/** Media, tags, skill evidence and authors of a page of entries, in four queries. */
export async function loadEntryDetails(dataSource: DataSource, entryIds: readonly string[], authorIds: readonly string[]): Promise<EntryDetails> {
  if (entryIds.length === 0) return { media: [], tags: [], skills: [], authors: [] };
  const [media, skills, authors] = await Promise.all([
    dataSource.query(entryDetailsSql.media(entryIds.length), [...entryIds]) as Promise<EntryDetails['media']>,
    dataSource.query(entryDetailsSql.skills(entryIds.length), [...entryIds]) as Promise<EntryDetails['skills']>,
    dataSource.query(entryDetailsSql.authors(authorIds.length), [...authorIds]) as Promise<EntryDetails['authors']>,
  ]);
  const mediumIds = media.map((medium) => medium.id);
  const tags = mediumIds.length === 0 ? [] : ((await dataSource.query(entryDetailsSql.tags(mediumIds.length), mediumIds)) as EntryDetails['tags']);
  return { media, tags, skills, authors };
}
