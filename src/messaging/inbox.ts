import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import type { MessagingDeps } from './messaging-deps.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { MESSAGE_AUDIENCES } from '../model/message.js';
import { pupilExchangeOf } from './pupil-exchange.js';

/** A thread in the inbox list. */
interface InboxThread {
  readonly threadId: string;
  /** The latest message the reader may see, which the link opens. */
  readonly latestMessageId: string;
  /** None for the recipients of a recalled first message: they no longer see what it was about. */
  readonly subject: string | null;
  /** The language the subject is written in. */
  readonly language: string;
  readonly kind: string;
  readonly requestKind: string | null;
  readonly urgent: boolean;
  readonly recalled: boolean;
  readonly senderName: string;
  readonly sentByMe: boolean;
  readonly lastAt: string;
  readonly unread: number;
}

const readInboxRow = rowReader({
  id: column.text,
  threadId: column.text,
  schoolId: column.text,
  senderId: column.text,
  senderGiven: column.text,
  senderFamily: column.text,
  subject: column.nullableText,
  language: column.text,
  kind: column.text,
  requestKind: column.nullableText,
  urgent: column.flag,
  createdAt: column.instant,
  recalledAt: column.nullableInstant,
  ownPerson: column.nullableText,
  ownPupil: column.nullableText,
  readAt: column.nullableInstant,
  pupilId: column.nullableText,
  threadAudience: column.oneOf(MESSAGE_AUDIENCES),
  schoolSettingsJson: column.text,
});

/**
 * The school `sc` lets guardians read their children's exchanges: SQLite's json_extract gives 1
 * for true, MariaDB's JSON_EXTRACT the JSON text `true`; both engines read the cast as text.
 */
const PARENTS_READ_PUPIL_MESSAGES_SQL = "CAST(JSON_EXTRACT(sc.settingsJson, '$.messaging.parentsReadPupilMessages') AS CHAR) IN ('1', 'true')";

/** The children the actor follows as a guardian (full authority or information only), in any school. */
function followedChildIds(actor: Actor): string[] {
  const ids = new Set<string>();
  for (const [key, status] of actor.guardianships) {
    if (status === 'full' || status === 'informationOnly') ids.add(key.slice(key.indexOf('/') + 1));
  }
  return [...ids];
}

/**
 * The reader's latest threads (received or sent), newest activity first. With `classId`, only the
 * class's: threads begun for the class, or about one of its pupils (past or present).
 */
export async function listInbox(deps: MessagingDeps, actor: Actor, limit = 200, classId?: string): Promise<InboxThread[]> {
  const ofClass =
    classId === undefined
      ? ''
      : 'AND m.threadId IN (SELECT t.id FROM message t WHERE t.classId = ? OR t.pupilId IN (SELECT e.pupilId FROM enrolment e WHERE e.classId = ?))';
  // A guardian also finds their children's own exchanges with teachers where the school lets
  // guardians read those. The policy decides below; the SQL only leaves out what it would drop,
  // so that a talkative child does not push the guardian's own messages out of the latest 200.
  const children = followedChildIds(actor);
  const ofChildren =
    children.length === 0
      ? ''
      : `OR (t.audience = 'pupilToTeacher' AND m.pupilId IN (${children.map(() => '?').join(', ')}) AND ${PARENTS_READ_PUPIL_MESSAGES_SQL})`;
  const rows = await queryRows(deps.dataSource, readInboxRow, `SELECT m.id AS id, m.threadId AS threadId, m.schoolId AS schoolId, m.senderId AS senderId, s.givenName AS senderGiven, s.familyName AS senderFamily,
            m.subject AS subject, m.language AS language, m.kind AS kind, m.requestKind AS requestKind, m.urgent AS urgent, m.createdAt AS createdAt, m.recalledAt AS recalledAt,
            r.personId AS ownPerson, r.pupilId AS ownPupil, r.readAt AS readAt, m.pupilId AS pupilId, t.audience AS threadAudience, sc.settingsJson AS schoolSettingsJson
       FROM message m
       JOIN person s ON s.id = m.senderId
       JOIN message t ON t.id = m.threadId
       JOIN school sc ON sc.id = m.schoolId
       LEFT JOIN message_recipient r ON r.messageId = m.id AND r.personId = ?
      WHERE (r.personId IS NOT NULL OR m.senderId = ? ${ofChildren}) ${ofClass}
      ORDER BY m.createdAt DESC, m.id
      LIMIT ${Number(limit)}`,
    [actor.personId, actor.personId, ...children, ...(classId === undefined ? [] : [classId, classId])]);
  const threads = new Map<string, InboxThread & { unread: number }>();
  for (const row of rows) {
    const resource = {
      kind: 'message' as const,
      schoolId: row.schoolId,
      senderId: row.senderId,
      recipientIds: row.ownPerson ? [actor.personId] : [],
      pupilId: row.ownPupil,
      pupilExchange: pupilExchangeOf(row),
    };
    if (!can(actor, 'read', resource)) continue;
    const recalled = row.recalledAt !== null && row.recalledAt !== undefined;
    // A recalled message has nothing left to read: it no longer waits for its recipients.
    const unread = row.ownPerson && !recalled && (row.readAt === null || row.readAt === undefined) ? 1 : 0;
    // Its recipients no longer see what it was about; its sender still knows which one it was.
    const withdrawn = recalled && row.id === row.threadId && row.senderId !== actor.personId;
    const rootFacts = withdrawn ? { subject: null, recalled: true, language: row.language } : { subject: row.subject, language: row.language };
    const known = threads.get(row.threadId);
    if (known) {
      threads.set(row.threadId, {
        ...known,
        unread: known.unread + unread,
        // The first message's subject and kind name the thread.
        ...(row.id === row.threadId ? { ...rootFacts, kind: row.kind, requestKind: row.requestKind } : {}),
      });
      continue;
    }
    threads.set(row.threadId, {
      threadId: row.threadId,
      latestMessageId: row.id,
      kind: row.kind,
      requestKind: row.requestKind,
      urgent: row.urgent,
      recalled,
      senderName: `${row.senderGiven} ${row.senderFamily}`,
      sentByMe: row.senderId === actor.personId,
      lastAt: row.createdAt.toISOString(),
      unread,
      // Until the first message is met (it usually is: a thread is one message), the latest names it.
      ...(row.id === row.threadId ? rootFacts : { subject: row.subject, language: row.language }),
    });
  }
  return [...threads.values()];
}
