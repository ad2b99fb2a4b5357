import type { DataSource } from 'typeorm';
import { classRoster } from '../directory/roster.js';
import { notFound } from '../http/errors.js';
import { ENTRY_STATES, type EntryState } from '../model/portfolio-entry.js';
import type { ImageConsentScope } from '../model/roles.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { loadClassContext } from './class-context.js';
import { upcomingPublicationSlots } from './publication-slots.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A pupil in the teacher's class grid: when they were last featured. */
interface FeaturedPupil {
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly imageConsent: ImageConsentScope;
  readonly lastFeaturedAt: Date | null;
  /** Not featured for the school's `featureEveryDays` (or never). */
  readonly due: boolean;
}

/** The teacher's view of a class's portfolio. */
interface ClassPortfolio {
  readonly classId: string;
  readonly schoolId: string;
  readonly className: string;
  readonly timezone: string;
  readonly featureEveryDays: number;
  readonly nextSlots: readonly Date[];
  readonly pupils: readonly FeaturedPupil[];
  readonly entries: readonly { id: string; title: string; audience: string; state: EntryState; publishAt: Date | null; createdAt: Date; mediaCount: number }[];
}

/**
 * A class's portfolio for its teachers and the director: recent entries in every state, the
 * coming publication slots, and the grid of children with when each was last featured, so that
 * no child is forgotten for weeks.
 */
export async function loadClassPortfolio(dataSource: DataSource, actor: Actor, classId: string, now: Date): Promise<ClassPortfolio> {
  const klass = await loadClassContext(dataSource.manager, classId, now);
  if (!klass || !can(actor, 'viewRoster', { kind: 'class', schoolId: klass.schoolId, classId })) throw notFound();
  const roster = await classRoster(dataSource, klass.schoolId, classId, now);
  // Featured = an entry about the child went out, or a photo of a class moment shows them.
  const featured = await queryRows(dataSource, rowReader({ pupilId: column.text, at: column.nullableInstant }), `SELECT x.pupilId AS pupilId, MAX(x.at) AS at FROM (
       SELECT ep.pupilId AS pupilId, e.publishAt AS at FROM entry_pupil ep JOIN portfolio_entry e ON e.id = ep.entryId
        WHERE e.classId = ? AND e.state IN ('scheduled', 'published')
       UNION ALL
       SELECT t.pupilId, e.publishAt FROM medium_tag t JOIN portfolio_medium m ON m.id = t.mediumId JOIN portfolio_entry e ON e.id = m.entryId
        WHERE e.classId = ? AND e.state IN ('scheduled', 'published')
     ) x GROUP BY x.pupilId`,
    [classId, classId]);
  const lastFeatured = new Map(featured.map((row) => [row.pupilId, row.at]));
  const every = klass.settings.portfolio.featureEveryDays;
  const entries = await queryRows(dataSource, rowReader({ id: column.text, title: column.text, audience: column.text, state: column.oneOf(ENTRY_STATES), publishAt: column.nullableInstant, createdAt: column.instant, mediaCount: column.number }), `SELECT e.id AS id, e.title AS title, e.audience AS audience, e.state AS state, e.publishAt AS publishAt, e.createdAt AS createdAt,
            (SELECT COUNT(*) FROM portfolio_medium m WHERE m.entryId = e.id) AS mediaCount
       FROM portfolio_entry e WHERE e.classId = ? ORDER BY e.createdAt DESC LIMIT 50`,
    [classId]);

  return {
    classId,
    schoolId: klass.schoolId,
    className: klass.className,
    timezone: klass.timezone,
    featureEveryDays: every,
    nextSlots: upcomingPublicationSlots(klass.settings.portfolio.publicationSlots, klass.timezone, now, 3),
    pupils: roster.map((pupil) => {
      const at = lastFeatured.get(pupil.id) ?? null;
      return {
        id: pupil.id,
        givenName: pupil.givenName,
        familyName: pupil.familyName,
        imageConsent: pupil.imageConsent,
        lastFeaturedAt: at,
        due: at === null || now.getTime() - at.getTime() > every * DAY_MS,
      };
    }),
    entries: entries.map((row) => ({
      id: row.id,
      title: row.title,
      audience: row.audience,
      state: row.state,
      publishAt: row.publishAt,
      createdAt: row.createdAt,
      mediaCount: row.mediaCount,
    })),
  };
}
