import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import type { TranslationOutcome } from '../translate/cached-translator.js';
import { REACTIONS } from './inputs.js';
import { loadMessageFor, loadThreadFor, messageResource, type LoadedMessage } from './load-message.js';
import type { MessagingDeps } from './messaging-deps.js';
import { loadSchoolFacts } from './school-facts.js';
import { readPreferredLanguageRow } from '../db/common-rows.js';
import { queryRows } from '../db/row-reader.js';

/** How a message's text reaches the reader. */
type ShownAs = 'original' | 'translated' | 'translationUnavailable';

/** One message as a reader sees it. */
interface MessageView {
  readonly id: string;
  readonly senderId: string;
  readonly senderName: string;
  readonly isMine: boolean;
  readonly createdAt: string;
  readonly kind: string;
  readonly requestKind: string | null;
  readonly urgent: boolean;
  readonly recalled: boolean;
  /** Empty when recalled: a recalled message's words are no longer shown. */
  readonly subject: string | null;
  readonly body: string;
  readonly language: string;
  readonly shownAs: ShownAs;
  /** The words as written, when a translation is shown (one tap away). */
  readonly original: { subject: string | null; body: string } | null;
  readonly own: { readAt: string | null; acknowledgedAt: string | null; answer: string | null; answeredAt: string | null } | null;
  readonly canAnswer: boolean;
  readonly canAcknowledge: boolean;
  readonly canRecall: boolean;
  readonly canViewReceipts: boolean;
  readonly reactions: readonly { reaction: string; count: number; mine: boolean }[];
  /** `fileKind` is what the file is (photo, video, audio, document), for showing it in the thread. */
  readonly attachments: readonly { mediaId: string; kind: string; fileKind: string }[];
}

/** A thread as a reader sees it. */
interface ThreadView {
  readonly threadId: string;
  readonly schoolId: string;
  readonly timezone: string;
  /** The school's reply-time commitment, shown to parents when they write. */
  readonly replyWithinHours: number;
  readonly readerLanguage: string;
  readonly messages: readonly MessageView[];
  readonly canReply: boolean;
}

/**
 * The thread of a message, in the reader's preferred language unless `showOriginal`. A
 * translation that fails leaves the original with a notice; reading never waits for more than
 * the provider's time limit and never fails because of it.
 */
export async function loadThreadView(deps: MessagingDeps, actor: Actor, messageId: string, showOriginal: boolean): Promise<ThreadView> {
  const { dataSource, clock } = deps;
  const first = await loadMessageFor(dataSource, actor, messageId, 'read');
  const messages = await loadThreadFor(dataSource, actor, first.threadId);
  const school = await loadSchoolFacts(dataSource, first.schoolId);
  const languageRows = await queryRows(dataSource, readPreferredLanguageRow, 'SELECT preferredLanguage FROM person WHERE id = ?', [actor.personId]);
  const readerLanguage = languageRows[0]?.preferredLanguage ?? 'fr';
  const ids = messages.map((message) => message.id);
  const placeholders = ids.map(() => '?').join(',');
  const [reactionRows, attachmentRows] = await Promise.all([
    dataSource.query(`SELECT messageId, personId, reaction FROM message_reaction WHERE messageId IN (${placeholders})`, ids) as Promise<
      { messageId: string; personId: string; reaction: string }[]
    >,
    dataSource.query(
      `SELECT a.messageId AS messageId, a.mediaId AS mediaId, a.kind AS kind, f.kind AS fileKind
         FROM message_attachment a LEFT JOIN message_file f ON f.id = a.mediaId
        WHERE a.messageId IN (${placeholders}) ORDER BY a.position`,
      ids,
    ) as Promise<{ messageId: string; mediaId: string; kind: string; fileKind: string | null }[]>,
  ]);
  const now = clock.now();
  const recallMs = (school?.settings.messaging.recallMinutes ?? 60) * 60_000;
  const views: MessageView[] = [];
  for (const message of messages) {
    const recalled = message.recalledAt !== null;
    const text = recalled ? null : await shownText(deps, message, readerLanguage, showOriginal || message.senderId === actor.personId, now);
    const resource = messageResource(actor, message);
    const answerable = !recalled && message.own !== null && (message.kind === 'request' || message.kind === 'invitation');
    views.push({
      id: message.id,
      senderId: message.senderId,
      senderName: message.senderName,
      isMine: message.senderId === actor.personId,
      createdAt: message.createdAt.toISOString(),
      kind: message.kind,
      requestKind: message.requestKind,
      urgent: message.urgent,
      recalled,
      subject: text?.subject ?? null,
      body: text?.body ?? '',
      language: message.language,
      shownAs: text?.shownAs ?? 'original',
      original: text && text.shownAs === 'translated' ? { subject: message.subject, body: message.body } : null,
      own: message.own
        ? {
            readAt: message.own.readAt?.toISOString() ?? null,
            acknowledgedAt: message.own.acknowledgedAt?.toISOString() ?? null,
            answer: message.own.answer,
            answeredAt: message.own.answeredAt?.toISOString() ?? null,
          }
        : null,
      canAnswer: answerable && (message.requestKind !== 'authorisation' || can(actor, 'answer', resource)),
      canAcknowledge: !recalled && message.own !== null && message.own.acknowledgedAt === null,
      canRecall: !recalled && can(actor, 'recall', resource) && now.getTime() - message.createdAt.getTime() <= recallMs,
      canViewReceipts: message.audience !== 'reply' && can(actor, 'viewReceipts', resource),
      reactions: REACTIONS.map((reaction) => {
        const given = reactionRows.filter((row) => row.messageId === message.id && row.reaction === reaction);
        return { reaction, count: given.length, mine: given.some((row) => row.personId === actor.personId) };
      }).filter((entry) => entry.count > 0 || !recalled),
      attachments: attachmentRows
        .filter((row) => row.messageId === message.id)
        .map((row) => ({ mediaId: row.mediaId, kind: row.kind, fileKind: row.fileKind ?? 'document' })),
    });
  }
  const root = messages.find((message) => message.id === first.threadId) ?? first;
  return {
    threadId: first.threadId,
    schoolId: first.schoolId,
    timezone: school?.timezone ?? 'Europe/Paris',
    replyWithinHours: school?.settings.messaging.replyWithinHours ?? 48,
    readerLanguage,
    messages: views,
    canReply: root.recalledAt === null && can(actor, 'respond', messageResource(actor, root)),
  };
}

async function shownText(
  deps: MessagingDeps,
  message: LoadedMessage,
  readerLanguage: string,
  original: boolean,
  now: Date,
): Promise<{ subject: string | null; body: string; shownAs: ShownAs }> {
  if (original) return { subject: message.subject, body: message.body, shownAs: 'original' };
  const [body, subject] = await Promise.all([
    deps.translator.translate(message.body, message.language, readerLanguage, now),
    message.subject ? deps.translator.translate(message.subject, message.language, readerLanguage, now) : Promise.resolve<TranslationOutcome>({ status: 'original' }),
  ]);
  if (body.status === 'unavailable') return { subject: message.subject, body: message.body, shownAs: 'translationUnavailable' };
  if (body.status === 'original') return { subject: message.subject, body: message.body, shownAs: 'original' };
  return { subject: subject.status === 'translated' ? subject.text : message.subject, body: body.text, shownAs: 'translated' };
}
