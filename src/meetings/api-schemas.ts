import { z } from 'zod';
import { ACTION_OWNERS, BOOKING_STATUSES, PLACE_KINDS } from '../model/meeting.js';

/*
 * Shapes of the meetings API's answers, for the OpenAPI document and the API tests (strict).
 */

const companion = z.strictObject({ kind: z.enum(['interpreter', 'mediator', 'otherAdult']), language: z.string().optional() });
const slot = z.strictObject({
  id: z.uuid(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  placeKind: z.enum(PLACE_KINDS),
  placeDetail: z.string(),
});

/** POST /meeting-campaigns (201). */
export const openedResponse = z.strictObject({ campaignId: z.uuid(), invited: z.number().int() });

/** POST /meeting-campaigns/{campaignId}/invitations. */
export const invitedResponse = z.strictObject({ invited: z.number().int() });

/** GET /meeting-campaigns/{campaignId}. */
export const campaignResponse = z.strictObject({
  id: z.uuid(),
  schoolId: z.uuid(),
  title: z.string(),
  timezone: z.string(),
  bookingOpensAt: z.iso.datetime(),
  bookingClosesAt: z.iso.datetime(),
  hosts: z.boolean().meta({ description: 'True when the caller holds these meetings' }),
  hostNames: z.array(z.string()),
  pupil: z.strictObject({ id: z.uuid(), givenName: z.string() }).nullable(),
  bookingOpen: z.boolean(),
  slots: z.array(
    slot.extend({
      state: z.enum(['free', 'mine', 'taken', 'past', 'cancelled']),
      bookingId: z.uuid().nullable(),
      booked: z.strictObject({ pupilName: z.string(), bookerName: z.string(), companions: z.array(companion), status: z.enum(BOOKING_STATUSES) }).nullable(),
    }),
  ),
});

/** POST /meeting-slots/{slotId}/bookings (201). A slot taken meanwhile answers 409 MEETING_SLOT_TAKEN with `freeSlots`. */
export const bookedResponse = z.strictObject({ bookingId: z.uuid() });

const readText = z.strictObject({ text: z.string(), translated: z.boolean(), translationUnavailable: z.boolean() });

/** GET /meetings/{bookingId}. */
export const meetingResponse = z.strictObject({
  id: z.uuid(),
  campaignId: z.uuid(),
  title: z.string(),
  schoolId: z.uuid(),
  timezone: z.string(),
  status: z.enum(BOOKING_STATUSES),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  placeKind: z.enum(PLACE_KINDS),
  placeDetail: z.string(),
  pupil: z.strictObject({ id: z.uuid(), givenName: z.string(), familyName: z.string() }),
  together: z.boolean(),
  companions: z.array(companion),
  hosts: z.boolean(),
  mayCancel: z.boolean(),
  mayComment: z.boolean(),
  sharedNotes: readText.nullable(),
  privateNotes: z.string().nullable().meta({ description: 'Only ever for the hosts' }),
  summary: readText.nullable(),
  actions: z.array(z.strictObject({ owner: z.enum(ACTION_OWNERS), what: readText, dueOn: z.string().nullable() })),
  publishedAt: z.iso.datetime().nullable(),
  familyComment: z.string().nullable(),
  recordLanguage: z.string().nullable(),
});

/** POST /me/calendar-feed. */
export const feedResponse = z.strictObject({ url: z.string().meta({ description: 'Private address to subscribe to; shown once' }) });

/** GET /schools/{schoolId}/meeting-participation. */
export const participationResponse = z.strictObject({
  lines: z.array(
    z.strictObject({
      campaignId: z.uuid(),
      title: z.string(),
      classId: z.uuid().nullable(),
      className: z.string().nullable(),
      invited: z.number().int(),
      booked: z.number().int(),
      met: z.number().int(),
      cancelled: z.number().int(),
      neverReached: z.number().int(),
    }),
  ),
});
