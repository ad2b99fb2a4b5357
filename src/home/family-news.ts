import type { DataSource } from 'typeorm';
import type { FollowedChild } from '../directory/followed-children.js';
import { readInstant } from '../db/sql-values.js';
import { AppError } from '../http/errors.js';
import { readSchoolSettings } from '../model/school-settings.js';
import type { Actor } from '../policy/actor.js';
import { nextPublicationSlot } from '../portfolio/publication-slots.js';
import { loadTimeline } from '../portfolio/timeline.js';

/** Thumbnails a child's card shows at most; the timeline has the rest. */
export const MAX_THUMBNAILS = 6;

/** A new photo or video on a child's card: only media the timeline itself shows this reader. */
interface NewMedium {
  readonly id: string;
  readonly entryId: string;
  readonly kind: 'photo' | 'video';
  readonly hasScreen: boolean;
}

/** What is new for one child since the guardian last opened the child's portfolio. */
export interface ChildNews {
  readonly childId: string;
  /** The reader's last view of this portfolio (their own access history), if it is still kept. */
  readonly lastVisit: Date | null;
  /** New entries since that visit (on the first timeline page). */
  readonly newEntryCount: number;
  /** Their photos and videos, newest first, at most `MAX_THUMBNAILS`. */
  readonly media: readonly NewMedium[];
  /** All new photos and videos, those shown and the rest. */
  readonly newMediaCount: number;
  /** The school's next publication slot, when families know to look again. */
  readonly nextSlot: Date | null;
  readonly timezone: string;
}

/**
 * The news of each followed child. The timeline decides what the guardian sees (the policy's
 * portfolio and image-rights rules, through `loadTimeline`); this only keeps what came since the
 * guardian's last visit. A child whose portfolio the guardian may not open has no news.
 */
export async function loadFamilyNews(dataSource: DataSource, actor: Actor, children: readonly FollowedChild[], now: Date): Promise<ChildNews[]> {
  const schools = await schoolSlots(dataSource, [...new Set(children.map((child) => child.schoolId))]);
  const news = await Promise.all(
    children.map(async (child) => {
      const school = schools.get(child.schoolId);
      const nextSlot = school && school.slots.length > 0 ? nextPublicationSlot(school.slots, school.timezone, now) : null;
      const [page, lastVisit] = await Promise.all([timelineOrNothing(dataSource, actor, child.id, now), lastVisitOf(dataSource, actor.personId, child.id)]);
      if (!page) return undefined;
      const fresh = page.entries.filter((entry) => lastVisit === null || entry.seenFrom.getTime() > lastVisit.getTime());
      const media = fresh.flatMap((entry) =>
        entry.media.flatMap((medium) => (medium.kind === 'photo' || medium.kind === 'video' ? [{ id: medium.id, entryId: entry.id, kind: medium.kind, hasScreen: medium.hasScreen }] : [])),
      );
      return {
        childId: child.id,
        lastVisit,
        newEntryCount: fresh.length,
        media: media.slice(0, MAX_THUMBNAILS),
        newMediaCount: media.length,
        nextSlot,
        timezone: school?.timezone ?? 'Europe/Paris',
      } satisfies ChildNews;
    }),
  );
  return news.filter((item) => item !== undefined);
}

/** The first timeline page, or nothing when the policy keeps this portfolio from the reader. */
async function timelineOrNothing(dataSource: DataSource, actor: Actor, childId: string, now: Date) {
  try {
    return await loadTimeline(dataSource, actor, childId, now);
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

/** The reader's latest view of a child's portfolio (parameters: the child, the reader). */
export const LAST_VISIT_SQL = "SELECT MAX(at) AS at FROM portfolio_access WHERE pupilId = ? AND personId = ? AND channel = 'account'";

/** The reader's own latest view of the child's portfolio, from the access history every view writes. */
async function lastVisitOf(dataSource: DataSource, personId: string, childId: string): Promise<Date | null> {
  const rows = (await dataSource.query(LAST_VISIT_SQL, [childId, personId])) as {
    at: unknown;
  }[];
  const at = rows[0]?.at;
  return at === null || at === undefined ? null : readInstant(at);
}

async function schoolSlots(dataSource: DataSource, schoolIds: readonly string[]) {
  const found = new Map<string, { timezone: string; slots: readonly { weekday: number; time: string }[] }>();
  if (schoolIds.length === 0) return found;
  const rows = (await dataSource.query(`SELECT id, timezone, settingsJson FROM school WHERE id IN (${schoolIds.map(() => '?').join(', ')})`, [...schoolIds])) as {
    id: string;
    timezone: string;
    settingsJson: string;
  }[];
  for (const row of rows) found.set(row.id, { timezone: row.timezone, slots: readSchoolSettings(row).portfolio.publicationSlots });
  return found;
}
