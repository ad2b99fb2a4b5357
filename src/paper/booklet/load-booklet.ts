import sharp from 'sharp';
import type { ModuleContext } from '../../context.js';
import { column, queryRows, rowReader } from '../../db/row-reader.js';
import type { PupilFacts } from '../../directory/pupil-facts.js';
import { readWhole } from '../../media/read-whole.js';
import { loadSkillsDashboard } from '../../portfolio/skills-dashboard.js';
import { loadTimelineOf, type TimelineEntry } from '../../portfolio/timeline.js';
import type { TimelineCursor } from '../../portfolio/timeline-queries.js';
import { sharedViewerOf } from '../../policy/shared-viewer.js';

/** Largest stored photo read for printing; the screen rendition is far smaller. */
const PHOTO_LIMIT_BYTES = 20 * 1024 * 1024;
/** Long side of a printed photo, in pixels: sharp enough at the size a booklet prints it. */
const PRINTED_LONG_SIDE = 900;
/** At most this many photos per entry in the booklet; the rest stay online. */
export const PHOTOS_PER_ENTRY = 2;

/** One entry as the booklet prints it, photos as JPEG bytes. */
export interface BookletEntry {
  readonly title: string;
  readonly comment: string;
  readonly at: Date;
  readonly author: string | null;
  readonly photos: readonly Buffer[];
  readonly skills: readonly { label: string; level: string }[];
}

/** A skill with the evidence of the period. */
export interface BookletSkill {
  readonly label: string;
  readonly domainLabel: string;
  readonly level: string;
  readonly evidence: readonly string[];
}

/**
 * What the child's family may see of the period, exactly as the family sees it online: the policy's
 * view of the family (`sharedViewerOf`) cuts entries to those families see (after the evaluation
 * delay) and photos to those the image rights give this family.
 */
export async function loadBookletContent(
  deps: Pick<ModuleContext, 'dataSource' | 'media'>,
  pupil: PupilFacts,
  from: Date,
  until: Date,
  now: Date,
): Promise<{ entries: BookletEntry[]; skills: BookletSkill[] }> {
  const family = sharedViewerOf(pupil);
  const seen: TimelineEntry[] = [];
  let cursor: TimelineCursor | undefined;
  for (;;) {
    const page = await loadTimelineOf(deps.dataSource, family, pupil, now, cursor);
    seen.push(...page.entries);
    const oldest = page.entries.at(-1);
    if (!page.next || !oldest || oldest.seenFrom.getTime() < from.getTime()) break;
    cursor = page.next;
  }
  const inPeriod = seen.filter((entry) => entry.seenFrom.getTime() >= from.getTime() && entry.seenFrom.getTime() < until.getTime()).reverse();
  const entries: BookletEntry[] = [];
  for (const entry of inPeriod) {
    const photoIds = entry.media.filter((medium) => medium.kind === 'photo').slice(0, PHOTOS_PER_ENTRY).map((medium) => medium.id);
    entries.push({
      title: entry.title,
      comment: entry.comment,
      at: entry.seenFrom,
      author: entry.origin ? entry.origin.authorName : entry.author ? `${entry.author.givenName} ${entry.author.familyName}` : null,
      photos: await printablePhotos(deps, photoIds),
      skills: entry.skills.map((skill) => ({ label: skill.label, level: skill.level })),
    });
  }
  const dashboard = await loadSkillsDashboard(deps.dataSource, family, pupil.id, now);
  const skills = [...dashboard.successes, ...dashboard.workingOn, ...dashboard.nextSteps].flatMap((skill) => {
    const evidence = skill.evidence.filter((line) => line.at.getTime() >= from.getTime() && line.at.getTime() < until.getTime());
    return evidence.length === 0 ? [] : [{ label: skill.label, domainLabel: skill.domainLabel, level: skill.level, evidence: evidence.map((line) => line.title) }];
  });
  return { entries, skills };
}

/** The photos' screen renditions, re-encoded as JPEG (pdfkit prints JPEG and PNG, not WebP). */
async function printablePhotos(deps: Pick<ModuleContext, 'dataSource' | 'media'>, ids: readonly string[]): Promise<Buffer[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows(
    deps.dataSource,
    rowReader({ id: column.text, screenKey: column.nullableText, originalKey: column.text }),
    `SELECT id, screenKey, originalKey FROM portfolio_medium WHERE id IN (${ids.map(() => '?').join(', ')})`,
    [...ids],
  );
  const photos: Buffer[] = [];
  for (const id of ids) {
    const row = rows.find((candidate) => candidate.id === id);
    if (!row) continue;
    const stored = await readWhole(await deps.media.storage.open(row.screenKey ?? row.originalKey), PHOTO_LIMIT_BYTES, () => new Error('photo too large to print'));
    photos.push(
      await sharp(stored)
        .rotate()
        .resize(PRINTED_LONG_SIDE, PRINTED_LONG_SIDE, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 80 })
        .toBuffer(),
    );
  }
  return photos;
}
