import type { ModuleContext } from '../context.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { ACTION_OWNERS } from '../model/meeting.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { bookingFor } from './booking-access.js';
import type { Companion } from './inputs.js';
import { meetingResource } from './campaign-facts.js';

/** A text as its reader sees it: translated when it was written in another language and a provider answered. */
export interface ReadText {
  readonly text: string;
  readonly translated: boolean;
  /** The provider failed: shown as written, with a notice. */
  readonly translationUnavailable: boolean;
}

/** One meeting as the page and the API show it to one reader. */
export interface MeetingView {
  readonly id: string;
  readonly campaignId: string;
  readonly title: string;
  readonly schoolId: string;
  readonly timezone: string;
  readonly status: 'booked' | 'met' | 'cancelled';
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly placeKind: 'inPerson' | 'phone' | 'video';
  readonly placeDetail: string;
  readonly pupil: { readonly id: string; readonly givenName: string; readonly familyName: string };
  readonly together: boolean;
  readonly companions: readonly Companion[];
  /** What the reader may do. */
  readonly hosts: boolean;
  readonly mayCancel: boolean;
  readonly mayComment: boolean;
  /** Notes shared with the family (hosts always; the family once published). */
  readonly sharedNotes: ReadText | null;
  /** The host's own notes: only ever for the hosts. */
  readonly privateNotes: string | null;
  readonly summary: ReadText | null;
  readonly actions: readonly { owner: (typeof ACTION_OWNERS)[number]; what: ReadText; dueOn: string | null }[];
  readonly publishedAt: Date | null;
  readonly familyComment: string | null;
  readonly recordLanguage: string | null;
}

const readRecordRow = rowReader({
  sharedNotes: column.text,
  privateNotes: column.text,
  summary: column.text,
  language: column.text,
  publishedAt: column.nullableInstant,
  familyComment: column.text,
});
const readActionRow = rowReader({ owner: column.oneOf(ACTION_OWNERS), what: column.text, dueOn: column.calendarDate });

/**
 * The meeting for one reader: hosts see everything they wrote; the family sees the shared notes,
 * summary and plan once published, translated into `readerLanguage` unless `original`, and never
 * the private notes. Refused as NOT_FOUND to anyone else (the other parent's own booking included).
 */
export async function viewMeeting(
  deps: Pick<ModuleContext, 'dataSource' | 'clock' | 'messaging'>,
  actor: Actor,
  bookingId: string,
  options: { readerLanguage: string; original: boolean },
): Promise<MeetingView> {
  const now = deps.clock.now();
  const access = await bookingFor(deps.dataSource, actor, bookingId, now);
  const { booking, campaign, pupil, hosts, summaryPublished } = access;
  const resource = meetingResource(campaign, pupil, summaryPublished);
  const [record] = await queryRows(deps.dataSource, readRecordRow, 'SELECT sharedNotes, privateNotes, summary, language, publishedAt, familyComment FROM meeting_record WHERE bookingId = ?', [bookingId]);
  const readsSummary = can(actor, 'readSummary', resource);
  const actions = readsSummary ? await queryRows(deps.dataSource, readActionRow, 'SELECT owner, what, dueOn FROM meeting_action WHERE bookingId = ? ORDER BY position', [bookingId]) : [];
  const read = async (text: string): Promise<ReadText> => {
    if (hosts || options.original || !record || text.trim() === '') return { text, translated: false, translationUnavailable: false };
    const outcome = await deps.messaging.translator.translate(text, record.language, options.readerLanguage, now);
    if (outcome.status === 'translated') return { text: outcome.text, translated: true, translationUnavailable: false };
    return { text, translated: false, translationUnavailable: outcome.status === 'unavailable' };
  };
  return {
    id: booking.id,
    campaignId: campaign.id,
    title: campaign.title,
    schoolId: campaign.schoolId,
    timezone: campaign.timezone,
    status: booking.status,
    startsAt: booking.slot.startsAt,
    endsAt: booking.slot.endsAt,
    placeKind: booking.slot.placeKind,
    placeDetail: booking.slot.placeDetail,
    pupil: { id: pupil.id, givenName: pupil.givenName, familyName: pupil.familyName },
    together: booking.together,
    companions: booking.companions,
    hosts,
    mayCancel: booking.status === 'booked' && (hosts || (access.isFamily && now.getTime() < campaign.bookingClosesAt.getTime())),
    mayComment: can(actor, 'comment', resource),
    sharedNotes: record && readsSummary ? await read(record.sharedNotes) : null,
    privateNotes: record && can(actor, 'viewPrivateNotes', resource) ? record.privateNotes : null,
    summary: record && readsSummary ? await read(record.summary) : null,
    actions: await Promise.all(actions.map(async (action) => ({ owner: action.owner, what: await read(action.what), dueOn: action.dueOn }))),
    publishedAt: record?.publishedAt ?? null,
    familyComment: record && readsSummary ? record.familyComment : null,
    recordLanguage: record?.language ?? null,
  };
}
