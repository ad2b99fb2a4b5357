import type { DataSource } from 'typeorm';
import { currentImageConsentsByPurpose } from '../directory/image-consents.js';
import type { PupilFacts } from '../directory/pupil-facts.js';
import { queryRows } from '../db/row-reader.js';
import { notFound } from '../http/errors.js';
import type { ImageConsentPurpose, ImageConsentScope } from '../model/roles.js';
import type { Actor } from '../policy/actor.js';
import { hasRole } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { consentPurposeOf } from './consent-purpose.js';
import { describeEntry } from './entry-facts.js';
import { visibleMediaOf } from './visible-media.js';
import { findPortfolioPupil } from './find-portfolio-pupil.js';
import { loadEntryDetails, readTimelineEntryRow, TIMELINE_PAGE_SIZE, timelinePageQuery, type EntryDetails, type TimelineCursor, type TimelineEntryRow } from './timeline-queries.js';

/** A medium as a viewer may see it. */
interface VisibleMedium {
  readonly id: string;
  readonly kind: 'photo' | 'video' | 'audio' | 'document';
  readonly mimeType: string;
  readonly fileName: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly hasScreen: boolean;
}

/** An entry of a child's timeline, cut to what the viewer may see. */
export interface TimelineEntry {
  readonly id: string;
  readonly audience: 'children' | 'class';
  readonly momentKind: string | null;
  readonly title: string;
  readonly comment: string;
  readonly seenFrom: Date;
  readonly author: { givenName: string; familyName: string } | undefined;
  /**
   * For an entry imported from another school (the portfolio follows the child): the school and
   * the teacher who published it there, named instead of `author`, who only imported it.
   */
  readonly origin: { schoolName: string; authorName: string | null } | undefined;
  readonly media: readonly VisibleMedium[];
  readonly skills: readonly { skillId: string; label: string; domainLabel: string; level: string }[];
  readonly canRespond: boolean;
}

/** A page of a child's timeline. */
interface TimelinePage {
  readonly pupil: PupilFacts;
  readonly entries: readonly TimelineEntry[];
  readonly next: TimelineCursor | undefined;
}

/**
 * A page of a child's timeline as the viewer may see it: the child sees entries from their
 * publication, families after the evaluation delay, and each photo only if the image rights of
 * every child in it reach this viewer.
 */
export async function loadTimeline(dataSource: DataSource, actor: Actor, pupilId: string, now: Date, before?: TimelineCursor): Promise<TimelinePage> {
  // findPortfolioPupil found the school whose policy lets the actor view: no second check.
  const pupil = await findPortfolioPupil(dataSource, actor, pupilId, 'view', now);
  return readTimelinePage(dataSource, actor, pupil, now, before);
}

/**
 * `loadTimeline` for a pupil already read from the database (a QR viewer's session names its
 * child and school): the same policy check, without looking the pupil up again.
 */
export async function loadTimelineOf(dataSource: DataSource, actor: Actor, pupil: PupilFacts, now: Date, before?: TimelineCursor): Promise<TimelinePage> {
  if (!can(actor, 'view', { kind: 'portfolio', schoolId: pupil.schoolId, pupilId: pupil.id, classIds: pupil.classIds })) throw notFound();
  return readTimelinePage(dataSource, actor, pupil, now, before);
}

/** A page of the timeline of a pupil the policy has let the actor view. */
async function readTimelinePage(dataSource: DataSource, actor: Actor, pupil: PupilFacts, now: Date, before: TimelineCursor | undefined): Promise<TimelinePage> {
  const audience = actor.personId === pupil.id && hasRole(actor, pupil.schoolId, 'pupil') ? 'pupil' : 'family';
  const { sql, parameters } = timelinePageQuery(pupil.id, now, audience, before);
  const rows = await queryRows(dataSource, readTimelineEntryRow, sql, parameters);
  const page = rows.slice(0, TIMELINE_PAGE_SIZE);
  const details = await loadEntryDetails(dataSource, page.map((row) => row.id));
  const consents = await currentImageConsentsByPurpose(dataSource, pupil.schoolId, [...new Set(details.tags.map((tag) => tag.pupilId))], now);

  const entries = page.map((row) => presentEntry(actor, pupil, row, details, consents, now));
  const last = page.at(-1);
  return {
    pupil,
    entries,
    next: rows.length > TIMELINE_PAGE_SIZE && last ? { at: last.seenFrom, entryId: last.id } : undefined,
  };
}

function presentEntry(
  actor: Actor,
  pupil: PupilFacts,
  row: TimelineEntryRow,
  details: EntryDetails,
  consents: Readonly<Record<ImageConsentPurpose, ReadonlyMap<string, ImageConsentScope>>>,
  now: Date,
): TimelineEntry {
  // The timeline line itself says the entry concerns this child: that is the family's way in.
  const facts = describeEntry(
    {
      schoolId: pupil.schoolId,
      classId: row.classId,
      authorId: row.authorId,
      state: row.state as 'published',
      publishAt: row.publishAt,
      familiesSeeAt: row.familiesSeeAt,
    },
    [pupil.id],
    now,
  );
  const media = visibleMediaOf(actor, facts, row.id, details, consents[consentPurposeOf(row)])
    .map((medium) => ({
      id: medium.id,
      kind: medium.kind,
      mimeType: medium.mimeType,
      fileName: medium.fileName,
      width: medium.width,
      height: medium.height,
      hasScreen: medium.hasScreen,
    }));
  return {
    id: row.id,
    audience: row.audience,
    momentKind: row.momentKind,
    title: row.title,
    comment: row.comment,
    seenFrom: row.seenFrom,
    author: { givenName: row.authorGivenName, familyName: row.authorFamilyName },
    origin: row.originSchoolName === null ? undefined : { schoolName: row.originSchoolName, authorName: row.originAuthorName },
    media,
    skills: details.skills
      .filter((skill) => skill.entryId === row.id)
      .map(({ skillId, label, domainLabel, level }) => ({ skillId, label, domainLabel, level })),
    canRespond: can(actor, 'respond', { kind: 'portfolioEntry', ...facts }),
  };
}
