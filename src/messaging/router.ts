import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { describeProblem } from '../http/error-handler.js';
import { AppError } from '../http/errors.js';
import { parseInput } from '../http/parse-input.js';
import { downloadQuery, messageParams, schoolParams } from '../http/route-params.js';
import { validated } from '../http/validated.js';
import { composeOptions, recipientsFromChoice } from './compose-options.js';
import { listInbox } from './inbox.js';
import { pageReaderTexts } from '../translate/page-reader-texts.js';
import { answerInput, idempotencyKeyInput, preferencesInput, reactionInput, replyInput, sendMessageInput, REACTIONS } from './inputs.js';
import { loadPreferences, savePreferences } from './preferences.js';
import { loadReceipts } from './receipts.js';
import { paperSummaryForReceipts } from '../paper/receipts-summary.js';
import { acknowledge, answer, markRead, recall, reply, toggleReaction } from './respond.js';
import { firstMessageSentUnderKey, sendMessage } from './send-message.js';
import { loadMessagingSettings, messagingSettingsInput, saveMessagingSettings } from './school-messaging-settings.js';
import { loadSchoolFacts } from './school-facts.js';
import { can } from '../policy/can.js';
import { ledSchoolIds } from '../policy/actor.js';
import { loadThreadView } from './thread-view.js';
import { loadMessageFor } from './load-message.js';
import { findVisibleClass } from './visible-class.js';
import { discardMessageFiles } from './files/discard-message-files.js';
import { serveMessageFile } from './files/serve-message-file.js';
import { receiveMessageFiles, uploadSchool } from './files/upload-message-files.js';
import { RENDITIONS } from '../media/index.js';
import { z } from 'zod';
import { isUiLanguage, languageNameIn } from '../i18n/languages.js';
import { rememberInterfaceLanguage } from '../i18n/middleware.js';
import { dateTimeFormat } from '../i18n/intl-formats.js';

type FormBody = Record<string, string | undefined>;
const fileParams = z.object({ messageId: z.uuid(), fileId: z.uuid(), rendition: z.enum(RENDITIONS) });
/** The inbox's query: `class` keeps the threads of one class. */
const inboxQuery = z.object({ class: z.uuid().optional() });
/** `?original=1`: the message's words as written rather than translated. */
const threadQuery = z.object({ original: z.string().optional() });

/** Multipart text fields as a form body (one value each: the compose form repeats none). */
const flatFields = (fields: Record<string, string | string[]>): FormBody =>
  Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value]));
const checked = (value: string | undefined) => value === 'on' || value === 'true' || value === '1';

const STYLESHEETS = ['/static/messaging.css'];

/** Languages offered on the preferences page: the interface's, and those of the main allophone families. */
const READING_LANGUAGES = ['fr', 'en', 'es', 'ar', 'pt', 'tr', 'ro', 'zh', 'ru', 'uk', 'it', 'de', 'pl', 'ta', 'so', 'wo'];

/** `/messages…`: the inbox, a thread, writing, receipts and notification preferences, as pages. */
export function createMessagingRouter(context: ModuleContext): Router {
  const router = Router();
  const deps = context.messaging;
  const signedIn = requireSignIn(context.dataSource, context.clock);
  const page = (res: Response) => res.set('Cache-Control', 'private, no-store');
  const back = (req: Request, res: Response, messageId: string) => res.redirect(303, `${req.basePath}/messages/${messageId}#message-${messageId}`);

  router.get('/messages', signedIn, validated({ query: inboxQuery }, async ({ query: { class: classId } }, req, res) => {
    // A class's messages (where a placed "messages" link lands): for those who may see the class.
    const klass = classId === undefined ? undefined : await findVisibleClass(context.dataSource, actorOf(req), classId, context.clock.now());
    const [threads, options] = await Promise.all([
      listInbox(deps, actorOf(req), 200, klass?.id),
      composeOptions(context.dataSource, actorOf(req), context.clock.now()),
    ]);
    const texts = await pageReaderTexts(context, req, false);
    const shownThreads = await Promise.all(
      threads.map(async (thread) => {
        // Subjects in the reader's language, as the thread shows them; the thread has "see the original".
        const subject = thread.subject === null || thread.sentByMe ? null : await texts.show(thread.subject, thread.language);
        return { ...thread, subject: subject?.text ?? thread.subject, subjectLanguage: subject?.language ?? thread.language, kindLabel: req.t(`messaging.kind.${thread.requestKind ?? thread.kind}`) };
      }),
    );
    texts.done();
    page(res).render('messaging/inbox', {
      title: klass ? req.t('messaging.classTitle', { name: klass.name }) : req.t('messaging.title'),
      ofClass: klass,
      stylesheets: STYLESHEETS,
      threads: shownThreads,
      canWrite: options.choices.length > 0,
      settingsSchools: ledSchoolIds(actorOf(req)).filter((schoolId) => can(actorOf(req), 'update', { kind: 'schoolSettings', schoolId })),
    });
  }));

  async function renderCompose(req: Request, res: Response, status: number, values: FormBody, problems: ReturnType<typeof describeProblem>[]) {
    const options = await composeOptions(context.dataSource, actorOf(req), context.clock.now());
    page(res)
      .status(status)
      .render('messaging/compose', {
        title: req.t('messaging.compose.title'),
        stylesheets: STYLESHEETS,
        choices: options.choices.map((choice) => ({ value: choice.value, label: req.t(choice.label.key, choice.label.values), selected: choice.value === values.to })),
        mayUrgent: options.mayUrgent,
        asFamily: options.asFamily,
        // Families and pupils write to teachers: no audience choices, no requests.
        simpleForm: options.asFamily || options.asPupil,
        asPupil: options.asPupil,
        pupilParentsRead: options.pupilParentsRead,
        replyWithinHours: options.replyWithinHours,
        values,
        // Kept across a refused attempt: nothing was sent under it.
        idempotencyKey: idempotencyKeyInput.safeParse(values.idempotencyKey).data ?? randomUUID(),
        problems,
      });
  }

  router.get('/messages/new', signedIn, (req, res) => renderCompose(req, res, 200, { kind: 'information' }, []));

  router.post('/messages', signedIn, async (req, res) => {
    // With files the form comes as multipart: they are stored first, and discarded if the message is refused.
    const upload = req.is('multipart/form-data')
      ? await receiveMessageFiles(context, actorOf(req), uploadSchool(actorOf(req), undefined), req, context.clock.now())
      : undefined;
    const form = (upload ? flatFields(upload.fields) : req.body) as FormBody;
    const attachments = (upload?.files ?? []).map((file) => ({ mediaId: file.id, kind: file.kind === 'audio' ? 'audio' : 'file' }));
    const to = recipientsFromChoice(form.to ?? '', checked(form.separately));
    const candidate = {
      to,
      kind: form.kind || 'information',
      ...(form.requestKind ? { requestKind: form.requestKind, kind: 'request' } : {}),
      ...(form.subject ? { subject: form.subject } : {}),
      body: form.body ?? '',
      urgent: checked(form.urgent),
      copyPupil: checked(form.copyPupil),
      attachments,
    };
    // The form's own key: a form sent twice (a double tap, a draft sent again from the phone) is one message.
    const key = idempotencyKeyInput.safeParse(form.idempotencyKey);
    try {
      const outcome = await sendMessage(deps, actorOf(req), parseInput(sendMessageInput, candidate), key.success ? key.data : null);
      res.redirect(303, `${req.basePath}/messages/${outcome.messages[0]!.id}`);
    } catch (error) {
      if (upload) await discardMessageFiles(context, upload.files);
      // Sent before with its files under other ids: the person is shown the message they already sent.
      const earlier = error instanceof AppError && error.code === 'IDEMPOTENCY_KEY_REUSED' && key.success ? await firstMessageSentUnderKey(deps, actorOf(req).personId, key.data) : undefined;
      if (earlier) {
        res.redirect(303, `${req.basePath}/messages/${earlier}`);
        return;
      }
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const problems = error.fields.map((problem) => describeProblem(req.t, problem));
      if (problems.length === 0) problems.push({ field: 'to', problem: error.code, label: req.t('fields.to'), message: req.t(`errors.${error.code}`) });
      await renderCompose(req, res, error.status, form, problems);
    }
  });

  router.get('/messages/preferences', signedIn, async (req, res) => {
    const preferences = await loadPreferences(deps, actorOf(req).personId);
    renderPreferences(req, res, preferences, req.query.saved === '1');
  });

  // Only teachers see the weekly portfolio reminder's box; anyone else's stored choice is kept as it is.
  const teaches = (req: Request) => [...actorOf(req).rolesBySchool.values()].some((roles) => roles.has('teacher'));

  function renderPreferences(
    req: Request,
    res: Response,
    values: { preferredLanguage: string; quietStart: string | null; quietEnd: string | null; digest: string; emailEnabled: boolean; weeklyReminder: boolean },
    saved: boolean,
    problems: ReturnType<typeof describeProblem>[] = [],
  ) {
    const languages = READING_LANGUAGES.includes(values.preferredLanguage) ? READING_LANGUAGES : [values.preferredLanguage, ...READING_LANGUAGES];
    page(res)
      .status(problems.length > 0 ? 400 : 200)
      .render('messaging/preferences', {
        title: req.t('messaging.preferences.title'),
        stylesheets: STYLESHEETS,
        values,
        showWeeklyReminder: teaches(req),
        // Offered only where the server can push (VAPID keys configured).
        pushKey: context.config.messaging.vapid?.publicKey,
        saved,
        problems,
        readingLanguages: languages.map((code) => ({ code, selected: code === values.preferredLanguage })),
        digests: ['immediate', 'daily', 'weekly'].map((code) => ({ code, selected: code === values.digest })),
      });
  }

  router.post('/messages/preferences', signedIn, async (req, res) => {
    const form = req.body as FormBody;
    const candidate = {
      preferredLanguage: form.preferredLanguage ?? '',
      quietStart: form.quietStart || null,
      quietEnd: form.quietEnd || null,
      digest: form.digest,
      emailEnabled: checked(form.emailEnabled),
      weeklyReminder: teaches(req) ? checked(form.weeklyReminder) : (await loadPreferences(deps, actorOf(req).personId)).weeklyReminder,
    };
    try {
      const saved = parseInput(preferencesInput, candidate);
      await savePreferences(deps, actorOf(req).personId, saved);
      // A reading language the interface also speaks becomes the interface's at once.
      if (isUiLanguage(saved.preferredLanguage)) rememberInterfaceLanguage(req, res, saved.preferredLanguage, context.config.session.crossSiteCookies);
      res.redirect(303, `${req.basePath}/messages/preferences?saved=1`);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
      renderPreferences(req, res, { ...candidate, digest: candidate.digest ?? 'immediate' }, false, error.fields.map((problem) => describeProblem(req.t, problem)));
    }
  });

  async function renderSettings(req: Request, res: Response, schoolId: string, saved: boolean, problems: ReturnType<typeof describeProblem>[] = []) {
    const actor = actorOf(req);
    const settings = await loadMessagingSettings(deps, actor, schoolId);
    const school = await loadSchoolFacts(context.dataSource, schoolId);
    const weekday = dateTimeFormat(req.language, { weekday: 'long', timeZone: 'UTC' });
    page(res)
      .status(problems.length > 0 ? 400 : 200)
      .render('messaging/school-settings', {
        title: req.t('messaging.settings.title'),
        stylesheets: STYLESHEETS,
        schoolId,
        schoolName: school?.name,
        settings,
        saved,
        problems,
        canUpdate: can(actor, 'update', { kind: 'schoolSettings', schoolId }),
        // 2024-01-01 was a Monday: day n of that week names ISO weekday n.
        days: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ value: day, label: weekday.format(new Date(Date.UTC(2024, 0, day))), checked: settings.notificationHours.days.includes(day) })),
        roles: (['director', 'staff', 'teacher'] as const).map((role) => ({ value: role, label: req.t(`role.${role}`), checked: settings.urgentRoles.includes(role) })),
      });
  }

  router.get('/schools/:schoolId/messaging-settings', signedIn, validated({ params: schoolParams }, async ({ params }, req, res) => {
    await renderSettings(req, res, params.schoolId, req.query.saved === '1');
  }));

  router.post('/schools/:schoolId/messaging-settings', signedIn, validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    const form = req.body as Record<string, string | string[] | undefined>;
    const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
    const candidate = {
      parentsMayWriteTo: form.parentsMayWriteTo,
      notificationHours: { start: form.start, end: form.end, days: list(form.days).map(Number) },
      urgentRoles: list(form.urgentRoles),
      replyWithinHours: Number(form.replyWithinHours),
      recallMinutes: Number(form.recallMinutes),
      representativesMayWrite: form.representativesMayWrite === 'on',
      pupilsMayWrite: form.pupilsMayWrite === 'on',
      parentsReadPupilMessages: form.parentsReadPupilMessages === 'on',
    };
    try {
      await saveMessagingSettings(deps, actorOf(req), schoolId, parseInput(messagingSettingsInput, candidate));
      res.redirect(303, `${req.basePath}/schools/${schoolId}/messaging-settings?saved=1`);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
      await renderSettings(req, res, schoolId, false, error.fields.map((problem) => describeProblem(req.t, problem)));
    }
  }));

  router.get('/messages/:messageId', signedIn, validated({ params: messageParams, query: threadQuery }, async ({ params: { messageId: id }, query }, req, res) => {
    const actor = actorOf(req);
    const showOriginal = query.original === '1';
    await markRead(deps, actor, id);
    const thread = await loadThreadView(deps, actor, id, showOriginal);
    const root = thread.messages.find((message) => message.id === thread.threadId) ?? thread.messages[0];
    page(res).render('messaging/thread', {
      title: root?.recalled ? req.t('messaging.withdrawn') : root?.subject || req.t(`messaging.kind.${root?.requestKind ?? root?.kind ?? 'information'}`),
      stylesheets: STYLESHEETS,
      thread,
      timezone: thread.timezone,
      messageId: id,
      showOriginal,
      // Reading aloud reads what the page shows.
      listenQuery: showOriginal ? '?original=1' : '',
      replyToAuthorOnly: root && !root.isMine ? root.senderName : null,
      showCommitment: root !== undefined && !root.isMine && root.own !== null,
      messages: thread.messages.map((message) => ({
        ...message,
        kindLabel: req.t(`messaging.kind.${message.requestKind ?? message.kind}`),
        question: message.kind === 'invitation' ? 'invitation' : message.requestKind ?? 'request',
        answered: message.own?.answer ? req.t(`messaging.answer.${message.own.answer}`) : null,
        showAnswerBlock: !message.recalled && message.own !== null && (message.kind === 'request' || message.kind === 'invitation'),
        languageName: languageNameIn(req.language, message.language),
        shownLanguage: message.shownAs === 'translated' ? thread.readerLanguage : message.language,
        // Those who take part react; a guardian reading their child's exchange with a teacher only reads.
        canReact: message.isMine || message.own !== null,
        reactionButtons: REACTIONS.map((reaction) => {
          const given = message.reactions.find((entry) => entry.reaction === reaction);
          return { reaction, label: req.t(`messaging.reaction.${reaction}`), count: given?.count ?? 0, mine: given?.mine ?? false };
        }),
      })),
    });
  }));

  router.get('/messages/:messageId/files/:fileId/:rendition', signedIn, validated({ params: fileParams, query: downloadQuery }, async ({ params: { messageId, fileId, rendition }, query }, req, res) => {
    await serveMessageFile(context, actorOf(req), messageId, fileId, rendition, query.download === '1', req, res);
  }));

  router.get('/messages/:messageId/receipts', signedIn, validated({ params: messageParams }, async ({ params }, req, res) => {
    const receipts = await loadReceipts(deps, actorOf(req), params.messageId);
    const schoolRows = (await context.dataSource.query('SELECT s.timezone AS timezone FROM message m JOIN school s ON s.id = m.schoolId WHERE m.id = ?', [receipts.messageId])) as {
      timezone: string;
    }[];
    const paper = await paperSummaryForReceipts(deps, actorOf(req), receipts.messageId);
    page(res).render('messaging/receipts', {
      title: req.t('messaging.receipts.title'),
      stylesheets: STYLESHEETS,
      timezone: schoolRows[0]?.timezone,
      ...receipts,
      paper: paper && { hours: paper.hours, needing: paper.needing.map((line) => ({ ...line, reasonLabel: req.t(`paper.reason.${line.reason}`) })) },
      asks: receipts.kind === 'request' || receipts.kind === 'invitation',
      receipts: receipts.receipts.map((receipt) => ({ ...receipt, answerLabel: receipt.answer ? req.t(`messaging.answer.${receipt.answer}`) : null })),
    });
  }));

  router.post('/messages/:messageId/answer', signedIn, validated({ params: messageParams }, async ({ params: { messageId: id } }, req, res) => {
    await answer(deps, actorOf(req), id, parseInput(answerInput, { answer: (req.body as FormBody).answer }).answer);
    back(req, res, id);
  }));
  router.post('/messages/:messageId/acknowledge', signedIn, validated({ params: messageParams }, async ({ params: { messageId: id } }, req, res) => {
    await acknowledge(deps, actorOf(req), id);
    back(req, res, id);
  }));
  router.post('/messages/:messageId/reactions', signedIn, validated({ params: messageParams }, async ({ params: { messageId: id } }, req, res) => {
    await toggleReaction(deps, actorOf(req), id, parseInput(reactionInput, { reaction: (req.body as FormBody).reaction }).reaction);
    back(req, res, id);
  }));
  // Recalling cannot be undone: the thread links to this page, which asks to confirm (no JavaScript needed).
  router.get('/messages/:messageId/recall', signedIn, validated({ params: messageParams }, async ({ params }, req, res) => {
    const message = await loadMessageFor(context.dataSource, actorOf(req), params.messageId, 'recall');
    if (message.recalledAt !== null) throw new AppError('MESSAGE_RECALLED');
    page(res).render('messaging/recall-confirm', {
      title: req.t('messaging.recallConfirm.title'),
      stylesheets: STYLESHEETS,
      message: { id: message.id, subject: message.subject, kindLabel: req.t(`messaging.kind.${message.requestKind ?? message.kind}`) },
    });
  }));
  router.post('/messages/:messageId/recall', signedIn, validated({ params: messageParams }, async ({ params: { messageId: id } }, req, res) => {
    // A post without the confirmation (an old page, a stray tap) only leads to the question.
    if ((req.body as FormBody).confirm !== 'yes') {
      res.redirect(303, `${req.basePath}/messages/${id}/recall`);
      return;
    }
    await recall(deps, actorOf(req), id);
    back(req, res, id);
  }));
  router.post('/messages/:messageId/replies', signedIn, validated({ params: messageParams }, async ({ params }, req, res) => {
    const created = await reply(deps, actorOf(req), params.messageId, parseInput(replyInput, { body: (req.body as FormBody).body ?? '' }));
    back(req, res, created.id);
  }));
  return router;
}

