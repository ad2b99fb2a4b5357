import { z } from 'zod';
import { MESSAGE_KINDS, REQUEST_KINDS } from '../model/message.js';
import { DIGEST_OPTIONS } from '../model/notification-preference.js';
import { isKnownLanguage } from '../translate/languages.js';

/** The longest message body, in characters: a long letter, not a document (attach those). */
const MAX_BODY_LENGTH = 10_000;

const body = z.string().trim().min(1).max(MAX_BODY_LENGTH);
const language = z.string().refine(isKnownLanguage, { params: { problem: 'invalidChoice' } });
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** Who a new message goes to. */
const recipientsInput = z.discriminatedUnion('audience', [
  z.strictObject({
    audience: z.literal('family'),
    pupilId: z.uuid(),
    /** Some of the child's guardians only; all of them when absent. */
    guardianIds: z.array(z.uuid()).min(1).max(10).optional(),
    /** One message per guardian (separated parents), instead of one they all share. */
    separately: z.boolean().default(false),
  }),
  z.strictObject({ audience: z.literal('class'), classId: z.uuid() }),
  z.strictObject({ audience: z.literal('school'), schoolId: z.uuid() }),
  z.strictObject({ audience: z.literal('teacher'), pupilId: z.uuid(), teacherId: z.uuid() }),
  /** A pupil writing to one of their own teachers (the pupil is the sender). */
  z.strictObject({ audience: z.literal('pupilToTeacher'), teacherId: z.uuid() }),
]);
export type RecipientsInput = z.infer<typeof recipientsInput>;

/** POST /messages. */
export const sendMessageInput = z
  .strictObject({
    to: recipientsInput,
    kind: z.enum(MESSAGE_KINDS).default('information'),
    requestKind: z.enum(REQUEST_KINDS).optional(),
    subject: z.string().trim().max(200).optional(),
    body,
    /** The language the message is written in; the sender's preferred language when absent. */
    language: language.optional(),
    urgent: z.boolean().default(false),
    copyPupil: z.boolean().default(false),
    /** Media items of the media pipeline (files, audio recordings). */
    attachments: z.array(z.strictObject({ mediaId: z.uuid(), kind: z.enum(['file', 'audio']) })).max(10).default([]),
  })
  .refine((input) => (input.kind === 'request') === (input.requestKind !== undefined), {
    path: ['requestKind'],
    params: { problem: 'invalidChoice' },
  });
export type SendMessageInput = z.infer<typeof sendMessageInput>;

/** POST /messages/:id/replies. */
export const replyInput = z.strictObject({ body, language: language.optional() });

/** POST /messages/:id/answer: yes or no to a request, RSVP to an invitation. */
export const answerInput = z.strictObject({ answer: z.enum(['yes', 'no']) });

/** Quick reactions, shown as emoji. */
export const REACTIONS = ['thumbsUp', 'heart', 'thanks', 'smile', 'clap'] as const;
export const reactionInput = z.strictObject({ reaction: z.enum(REACTIONS) });

/** PUT /me/notification-preferences. */
export const preferencesInput = z
  .strictObject({
    preferredLanguage: language,
    quietStart: timeOfDay.nullable().default(null),
    quietEnd: timeOfDay.nullable().default(null),
    digest: z.enum(DIGEST_OPTIONS).default('immediate'),
    emailEnabled: z.boolean().default(true),
    /** Teachers: the portfolio's weekly rhythm e-mail. */
    weeklyReminder: z.boolean().default(true),
  })
  .refine((input) => (input.quietStart === null) === (input.quietEnd === null), { path: ['quietEnd'], params: { problem: 'required' } });
export type PreferencesInput = z.infer<typeof preferencesInput>;

/** Path parameter of message routes. */

/** A client's Idempotency-Key header: letters, digits and - : . only, so derived keys stay unambiguous. */
export const idempotencyKeyInput = z.string().regex(/^[A-Za-z0-9:.-]{8,100}$/);

/** POST /me/push-subscriptions: what `PushManager.subscribe()` returns, as JSON. */
export const pushSubscriptionInput = z.object({
  endpoint: z.url({ protocol: /^https$/ }).max(1000),
  keys: z.strictObject({ p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}$/), auth: z.string().regex(/^[A-Za-z0-9_-]{16,30}$/) }),
});
