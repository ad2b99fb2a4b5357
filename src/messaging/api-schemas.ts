import { z } from 'zod';
import { REACTIONS } from './inputs.js';

/*
 * Shapes of the messaging API's answers, for the OpenAPI document and the API tests (strict).
 */

/** POST /messages (201, or 200 when an Idempotency-Key replays an earlier request). */
export const sendResponse = z.strictObject({
  replayed: z.boolean().meta({ description: 'True when this Idempotency-Key was seen: nothing new was stored' }),
  messages: z.array(z.strictObject({ id: z.uuid(), threadId: z.uuid(), recipientCount: z.number().int(), createdAt: z.iso.datetime() })),
});

/** POST /messages/{messageId}/replies. */
export const replyResponse = z.strictObject({ id: z.uuid(), threadId: z.uuid() });

/** GET /messages. */
export const inboxResponse = z.strictObject({
  threads: z.array(
    z.strictObject({
      threadId: z.uuid(),
      latestMessageId: z.uuid(),
      subject: z.string().nullable(),
      /** The language the subject is written in (a translation of it is the page's affair). */
      language: z.string(),
      kind: z.string(),
      requestKind: z.string().nullable(),
      urgent: z.boolean(),
      recalled: z.boolean(),
      senderName: z.string(),
      sentByMe: z.boolean(),
      lastAt: z.iso.datetime(),
      unread: z.number().int(),
    }),
  ),
});

const messageView = z.strictObject({
  id: z.uuid(),
  senderId: z.uuid(),
  senderName: z.string(),
  isMine: z.boolean(),
  createdAt: z.iso.datetime(),
  kind: z.string(),
  requestKind: z.string().nullable(),
  urgent: z.boolean(),
  recalled: z.boolean(),
  subject: z.string().nullable(),
  body: z.string().meta({ description: 'Plain text (never HTML), translated into the reader’s language unless shownAs says otherwise' }),
  language: z.string(),
  shownAs: z.enum(['original', 'translated', 'translationUnavailable']),
  original: z.strictObject({ subject: z.string().nullable(), body: z.string() }).nullable(),
  own: z
    .strictObject({ readAt: z.iso.datetime().nullable(), acknowledgedAt: z.iso.datetime().nullable(), answer: z.string().nullable(), answeredAt: z.iso.datetime().nullable() })
    .nullable(),
  canAnswer: z.boolean(),
  canAcknowledge: z.boolean(),
  canRecall: z.boolean(),
  canViewReceipts: z.boolean(),
  reactions: z.array(z.strictObject({ reaction: z.string(), count: z.number().int(), mine: z.boolean() })),
  attachments: z.array(
    z.strictObject({
      mediaId: z.uuid(),
      kind: z.string(),
      fileKind: z.string().meta({ description: 'photo, video, audio or document: fetch it at /messages/{messageId}/files/{mediaId}/original' }),
    }),
  ),
});

/** GET /messages/{messageId}: the message's thread. */
export const threadResponse = z.strictObject({
  threadId: z.uuid(),
  schoolId: z.uuid(),
  timezone: z.string(),
  replyWithinHours: z.number().int(),
  readerLanguage: z.string(),
  messages: z.array(messageView),
  canReply: z.boolean(),
});

const receipt = z.strictObject({
  personId: z.uuid(),
  givenName: z.string(),
  familyName: z.string(),
  role: z.string(),
  childName: z.string().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
  readAt: z.iso.datetime().nullable(),
  acknowledgedAt: z.iso.datetime().nullable(),
  answer: z.string().nullable(),
  answeredAt: z.iso.datetime().nullable(),
  /** Who recorded the answer from a paper reply slip; null when it was given online. */
  paperRecordedBy: z.string().nullable(),
});

/** GET /messages/{messageId}/receipts. */
export const receiptsResponse = z.strictObject({
  messageId: z.uuid(),
  kind: z.string(),
  requestKind: z.string().nullable(),
  total: z.number().int(),
  read: z.number().int(),
  answeredYes: z.number().int(),
  answeredNo: z.number().int(),
  receipts: z.array(receipt),
  notRead: z.array(receipt),
});

/** POST /messages/{messageId}/reactions. */
export const reactionResponse = z.strictObject({ reaction: z.enum(REACTIONS), on: z.boolean() });

/** GET /me/notification-preferences. */
export const preferencesResponse = z.strictObject({
  preferredLanguage: z.string(),
  quietStart: z.string().nullable(),
  quietEnd: z.string().nullable(),
  digest: z.enum(['immediate', 'daily', 'weekly']),
  emailEnabled: z.boolean(),
  weeklyReminder: z.boolean(),
});

/** GET /schools/{schoolId}/messaging-settings. */
export const messagingSettingsResponse = z.strictObject({
  parentsMayWriteTo: z.enum(['anyTeacher', 'mainTeacherOnly']),
  notificationHours: z.strictObject({ start: z.string(), end: z.string(), days: z.array(z.number().int()) }),
  urgentRoles: z.array(z.string()),
  replyWithinHours: z.number().int(),
  recallMinutes: z.number().int(),
  representativesMayWrite: z.boolean(),
  /** As it applies now: the school's choice, or its kind's default (off in an école, on in a collège or lycée). */
  pupilsMayWrite: z.boolean(),
  parentsReadPupilMessages: z.boolean(),
});

/** POST /message-files: files uploaded for a message, to list in its `attachments`. */
export const messageFilesResponse = z.strictObject({
  files: z.array(z.strictObject({ id: z.uuid(), kind: z.enum(['photo', 'video', 'audio', 'document']), mimeType: z.string(), fileName: z.string() })),
});
