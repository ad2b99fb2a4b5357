import type { Request } from 'express';
import { z } from 'zod';
import { defineRoute, type ApiRoute } from '../api/api-route.js';
import { actorOf } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { messageParams, schoolParams } from '../http/route-params.js';
import { messageFilesResponse, messagingSettingsResponse, inboxResponse, preferencesResponse, reactionResponse, receiptsResponse, replyResponse, sendResponse, threadResponse } from './api-schemas.js';
import { receiveMessageFiles, uploadSchool } from './files/upload-message-files.js';
import { listInbox } from './inbox.js';
import {
  answerInput,
  idempotencyKeyInput,
  preferencesInput,
  pushSubscriptionInput,
  reactionInput,
  replyInput,
  sendMessageInput,
} from './inputs.js';
import { loadPreferences, savePreferences, savePushSubscription } from './preferences.js';
import { loadReceipts } from './receipts.js';
import { loadMessagingSettings, messagingSettingsInput, saveMessagingSettings } from './school-messaging-settings.js';
import { acknowledge, answer, markRead, recall, reply, toggleReaction } from './respond.js';
import { sendMessage } from './send-message.js';
import { loadThreadView } from './thread-view.js';

/** `?schoolId=`: the school an upload is for, when the writer belongs to several. */
const uploadSchoolQuery = z.object({ schoolId: z.string().optional() });
/** `?original=true`: the words as written rather than translated. */
const threadQuery = z.object({ original: z.string().optional() });

/** The `Idempotency-Key` header, checked; null when absent. */
function idempotencyKeyOf(req: Request): string | null {
  const header = req.get('Idempotency-Key');
  if (header === undefined) return null;
  const parsed = idempotencyKeyInput.safeParse(header);
  if (!parsed.success) throw new AppError('IDEMPOTENCY_KEY_INVALID');
  return parsed.data;
}

/** The messaging endpoints of `/api/v1`. */
export function messagingApiRoutes(context: ModuleContext): ApiRoute[] {
  const deps = context.messaging;
  return [
    defineRoute({
      method: 'post',
      path: '/message-files',
      summary: 'Upload files or a voice recording for a message (multipart/form-data; `?schoolId=` when you belong to several schools); list their ids in the message’s `attachments`',
      tag: 'messaging',
      signedIn: true,
      multipart: true,
      query: uploadSchoolQuery,
      response: messageFilesResponse,
      async handle({ query }, req, res) {
        const actor = actorOf(req);
        const upload = await receiveMessageFiles(context, actor, uploadSchool(actor, query.schoolId), req, context.clock.now());
        res.status(201).json({ files: upload.files.map((file) => ({ id: file.id, kind: file.kind, mimeType: file.mimeType, fileName: file.fileName })) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/messages',
      summary: 'Send a message to a family, a class, the school or (for a guardian) a teacher. Send an Idempotency-Key to retry safely',
      tag: 'messaging',
      signedIn: true,
      body: sendMessageInput,
      response: sendResponse,
      async handle({ body: input }, req, res) {
        const key = idempotencyKeyOf(req);
        const outcome = await sendMessage(deps, actorOf(req), input, key);
        res.status(outcome.replayed ? 200 : 201).json({
          replayed: outcome.replayed,
          messages: outcome.messages.map((message) => ({ ...message, createdAt: message.createdAt.toISOString() })),
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/messages',
      summary: 'The threads the signed-in person received or sent, newest first',
      tag: 'messaging',
      signedIn: true,
      response: inboxResponse,
      async handle(_input, req, res) {
        res.json({ threads: await listInbox(deps, actorOf(req)) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/messages/:messageId',
      summary: "A message's thread in the reader's language (?original=true for the words as written)",
      tag: 'messaging',
      signedIn: true,
      params: messageParams,
      query: threadQuery,
      response: threadResponse,
      async handle({ params, query }, req, res) {
        res.json(await loadThreadView(deps, actorOf(req), params.messageId, query.original === 'true'));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/messages/:messageId/read',
      summary: 'Record that the reader opened the message',
      tag: 'messaging',
      signedIn: true,
      params: messageParams,
      async handle({ params }, req, res) {
        await markRead(deps, actorOf(req), params.messageId);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/messages/:messageId/acknowledge',
      summary: 'Acknowledge the message ("seen")',
      tag: 'messaging',
      signedIn: true,
      params: messageParams,
      async handle({ params }, req, res) {
        await acknowledge(deps, actorOf(req), params.messageId);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/messages/:messageId/answer',
      summary: 'Answer yes or no to a request or an invitation (authorisations: guardians with full parental authority)',
      tag: 'messaging',
      signedIn: true,
      params: messageParams,
      body: answerInput,
      async handle({ params, body: input }, req, res) {
        await answer(deps, actorOf(req), params.messageId, input.answer);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/messages/:messageId/reactions',
      summary: 'Add a quick reaction, or take it back if already given',
      tag: 'messaging',
      signedIn: true,
      params: messageParams,
      body: reactionInput,
      response: reactionResponse,
      async handle({ params, body: input }, req, res) {
        res.json({ reaction: input.reaction, on: await toggleReaction(deps, actorOf(req), params.messageId, input.reaction) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/messages/:messageId/recall',
      summary: "Recall a message (its sender, within the school's delay)",
      tag: 'messaging',
      signedIn: true,
      params: messageParams,
      async handle({ params }, req, res) {
        await recall(deps, actorOf(req), params.messageId);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/messages/:messageId/replies',
      summary: "Reply in the message's thread (to its author; the author replies to everyone it went to). Send an Idempotency-Key to retry safely (200 when it replays)",
      tag: 'messaging',
      signedIn: true,
      params: messageParams,
      body: replyInput,
      response: replyResponse,
      async handle({ params, body: input }, req, res) {
        const outcome = await reply(deps, actorOf(req), params.messageId, input, idempotencyKeyOf(req));
        res.status(outcome.replayed ? 200 : 201).json({ id: outcome.id, threadId: outcome.threadId });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/messages/:messageId/receipts',
      summary: 'Who received, read, acknowledged and answered the message, and who has not read it (sender, director)',
      tag: 'messaging',
      signedIn: true,
      params: messageParams,
      response: receiptsResponse,
      async handle({ params }, req, res) {
        res.json(await loadReceipts(deps, actorOf(req), params.messageId));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/me/notification-preferences',
      summary: "The signed-in person's language, quiet hours and digest choice",
      tag: 'messaging',
      signedIn: true,
      response: preferencesResponse,
      async handle(_input, req, res) {
        res.json(await loadPreferences(deps, actorOf(req).personId));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/me/notification-preferences',
      summary: 'Choose a language, quiet hours and how often to be notified',
      tag: 'messaging',
      signedIn: true,
      body: preferencesInput,
      async handle({ body }, req, res) {
        await savePreferences(deps, actorOf(req).personId, body);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/schools/:schoolId/messaging-settings',
      summary: "The school's messaging rules: notification hours, who may mark urgent, reply-time commitment, recall delay",
      tag: 'messaging',
      signedIn: true,
      params: schoolParams,
      response: messagingSettingsResponse,
      async handle({ params }, req, res) {
        res.json(await loadMessagingSettings(deps, actorOf(req), params.schoolId));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/schools/:schoolId/messaging-settings',
      summary: "Set the school's messaging rules (director); audited",
      tag: 'messaging',
      signedIn: true,
      params: schoolParams,
      body: messagingSettingsInput,
      async handle({ params: { schoolId }, body }, req, res) {
        await saveMessagingSettings(deps, actorOf(req), schoolId, body);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/me/push-subscriptions',
      summary: "Register this browser's Web Push subscription",
      tag: 'messaging',
      signedIn: true,
      body: pushSubscriptionInput,
      async handle({ body }, req, res) {
        await savePushSubscription(deps, actorOf(req).personId, body);
        res.status(204).end();
      },
    }),
  ];
}
