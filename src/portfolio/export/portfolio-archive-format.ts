import { z } from 'zod';
import { SKILL_LEVELS } from '../../model/entry-skill.js';
import { MEDIUM_KINDS } from '../../model/stored-item.js';
import { ENTRY_AUDIENCES, MOMENT_KINDS } from '../../model/portfolio-entry.js';

/** The `format` of `portfolio.json`: what an e-carnet reader looks for before anything else. */
export const ARCHIVE_FORMAT = 'e-carnet/portfolio';
/** Bumped only when a version-1 reader would misread a new archive; new optional fields keep it. */
export const ARCHIVE_VERSION = 1;
/** The archive's description of the portfolio, at the archive's root. */
export const ARCHIVE_JSON_PATH = 'portfolio.json';
/** The offline page, at the archive's root. */
export const ARCHIVE_INDEX_PATH = 'index.html';

/**
 * A medium's place in the archive: `media/<n>-<file>`, a running number and a clean file name.
 * Nothing else under `media/` is ever read, so no name can climb out of the folder or hide.
 * @see docs/portfolio-archive-format.md
 */
export const MEDIA_PATH_PATTERN = /^media\/[1-9][0-9]{0,5}-[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/;

/** Entries one archive may hold: years of a child's school life, with room to spare. */
const MAX_ARCHIVE_ENTRIES = 5000;
/** Media of one entry, as the phone form allows (with room for older, larger entries). */
const MAX_MEDIA_PER_ENTRY = 50;

const instant = z.iso.datetime({ offset: true });

const archiveSkill = z.object({
  cycle: z.number().int().min(1).max(4),
  domainCode: z.string().trim().min(1).max(64),
  domainLabel: z.string().trim().min(1).max(200),
  label: z.string().trim().min(1).max(300),
  level: z.enum(SKILL_LEVELS),
});

const archiveMedium = z.object({
  path: z.string().regex(MEDIA_PATH_PATTERN),
  kind: z.enum(MEDIUM_KINDS),
  mimeType: z.string().min(3).max(100),
  /** Of the file's bytes in the archive, lower-case hex: a damaged archive is refused, not half-read. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const archiveEntry = z.object({
  /** The entry's id in the exporting e-carnet: for reference only, never reused by an import. */
  id: z.string().min(1).max(64),
  audience: z.enum(ENTRY_AUDIENCES),
  momentKind: z.enum(MOMENT_KINDS).nullable(),
  title: z.string().max(200),
  comment: z.string().max(4000),
  publishedAt: instant,
  /** When families saw it (later than `publishedAt` for an evaluation); `publishedAt` when absent. */
  familiesSeeAt: instant.optional(),
  skills: z.array(archiveSkill).max(200),
  media: z.array(archiveMedium).max(MAX_MEDIA_PER_ENTRY),
  /** Who published the entry, as families saw them named; optional (archives before it lack it). */
  author: z.string().trim().min(1).max(200).optional(),
  /** The school where it was published, when not the archive's own (an entry imported there in turn). */
  school: z.string().trim().min(1).max(200).optional(),
});

/**
 * `portfolio.json`, version 1. Readers ignore fields they do not know (objects are stripped, not
 * strict), so later exporters may add optional fields without a new version.
 * @see docs/portfolio-archive-format.md
 */
export const portfolioArchiveSchema = z
  .object({
    format: z.literal(ARCHIVE_FORMAT),
    version: z.literal(ARCHIVE_VERSION),
    exportedAt: instant,
    child: z.object({ givenName: z.string().trim().min(1).max(100), familyName: z.string().trim().min(1).max(100) }),
    school: z.object({ name: z.string().trim().min(1).max(200), uai: z.string().trim().min(1).max(16) }),
    entries: z.array(archiveEntry).max(MAX_ARCHIVE_ENTRIES),
  })
  .superRefine((archive, context) => {
    // One id, one entry: an import keeps the ids to skip what it already brought in.
    const ids = new Set<string>();
    archive.entries.forEach((entry, entryIndex) => {
      if (ids.has(entry.id)) context.addIssue({ code: 'custom', path: ['entries', entryIndex, 'id'], message: 'duplicate entry id' });
      ids.add(entry.id);
    });
    // One file, one medium: two entries pointing at the same bytes would be stored twice.
    const seen = new Set<string>();
    archive.entries.forEach((entry, entryIndex) =>
      entry.media.forEach((medium, mediumIndex) => {
        if (seen.has(medium.path)) context.addIssue({ code: 'custom', path: ['entries', entryIndex, 'media', mediumIndex, 'path'], message: 'duplicate media path' });
        seen.add(medium.path);
      }),
    );
  });

/** A valid `portfolio.json`. */
export type PortfolioArchive = z.infer<typeof portfolioArchiveSchema>;
/** One entry of a `portfolio.json`. */
export type PortfolioArchiveEntry = PortfolioArchive['entries'][number];
/** One medium of an entry of a `portfolio.json`. */
export type PortfolioArchiveMedium = PortfolioArchiveEntry['media'][number];
/** One skill evidence of an entry of a `portfolio.json`. */
export type PortfolioArchiveSkill = PortfolioArchiveEntry['skills'][number];
