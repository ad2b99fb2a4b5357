import { z } from 'zod';
import { ACTION_OWNERS, PLACE_KINDS } from '../model/meeting.js';
import { isKnownLanguage } from '../translate/languages.js';

/** An instant with its offset (`2026-11-16T16:30:00+01:00` or `…Z`). */
const instant = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

/** One slot offered: its start, its length in minutes, and where. The video link's https is checked by the service (its own code). */
export const slotInput = z.strictObject({
  startsAt: instant,
  minutes: z.coerce.number().int().min(5).max(240),
  placeKind: z.enum(PLACE_KINDS),
  placeDetail: z.string().trim().max(300).default(''),
});
export type SlotInput = z.infer<typeof slotInput>;

/** POST /meeting-campaigns: a round for a class or chosen families (one family: a single meeting). */
export const campaignInput = z
  .strictObject({
    schoolId: z.uuid(),
    title: z.string().trim().min(1).max(200),
    classId: z.uuid().optional(),
    pupilIds: z.array(z.uuid()).min(1).max(500).optional(),
    /** Other people holding the meetings with the author (the CPE, a colleague). */
    coHostIds: z.array(z.uuid()).max(5).default([]),
    bookingOpensAt: instant,
    bookingClosesAt: instant,
    informationOnlyInvited: z.boolean().default(false),
    slots: z.array(slotInput).max(200).default([]),
  })
  .refine((input) => (input.classId === undefined) !== (input.pupilIds === undefined), { path: ['classId'], params: { problem: 'required' } });
export type CampaignInput = z.infer<typeof campaignInput>;

/** POST /meeting-campaigns/:campaignId/slots */
export const slotsInput = z.strictObject({ slots: z.array(slotInput).min(1).max(200) });

/** Someone who comes with the family; the language they translate into, for an interpreter. */
export const companionInput = z.strictObject({
  kind: z.enum(['interpreter', 'mediator', 'otherAdult']),
  language: z.string().refine(isKnownLanguage, { params: { problem: 'invalidChoice' } }).optional(),
});
export type Companion = z.infer<typeof companionInput>;

/** POST /meeting-slots/:slotId/booking */
export const bookingInput = z.strictObject({
  pupilId: z.uuid(),
  /** For the child's guardians together (all are told), rather than the booker alone. */
  together: z.boolean().default(false),
  companions: z.array(companionInput).max(3).default([]),
});
export type BookingInput = z.infer<typeof bookingInput>;

/** POST /meetings/:bookingId/move */
export const moveInput = z.strictObject({ slotId: z.uuid() });

/** One line of the agreed plan. */
export const actionInput = z.strictObject({
  owner: z.enum(ACTION_OWNERS),
  what: z.string().trim().min(1).max(500),
  dueOn: z.iso.date().optional(),
});

/** PUT /meetings/:bookingId/record: what the host writes during and after the meeting. */
export const recordInput = z.strictObject({
  sharedNotes: z.string().max(10_000).default(''),
  privateNotes: z.string().max(10_000).default(''),
  summary: z.string().max(10_000).default(''),
  actions: z.array(actionInput).max(20).default([]),
  language: z.string().refine(isKnownLanguage, { params: { problem: 'invalidChoice' } }).optional(),
});
export type RecordInput = z.infer<typeof recordInput>;

/** POST /meetings/:bookingId/comment */
export const commentInput = z.strictObject({ comment: z.string().trim().min(1).max(2_000) });
