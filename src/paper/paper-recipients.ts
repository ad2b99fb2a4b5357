import { listGuardiansOfChildren } from '../directory/guardians.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { AppError } from '../http/errors.js';
import { loadMessageFor, type LoadedMessage } from '../messaging/load-message.js';
import type { MessagingDeps } from '../messaging/messaging-deps.js';
import type { Actor } from '../policy/actor.js';
import { isImportant } from './important-message.js';

/** Why a guardian gets a paper copy. */
export type PaperReason = 'chosePaper' | 'notRead';

/** A guardian who received the message, as the paper list shows them. */
export interface PaperRecipient {
  readonly personId: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly language: string;
  readonly pupilId: string;
  readonly childGivenName: string;
  readonly childFamilyName: string;
  readonly readAt: Date | null;
  readonly answer: string | null;
  readonly answeredOnPaper: boolean;
  /** Why they need paper, or null when they do not (they read it online and did not ask for paper). */
  readonly reason: PaperReason | null;
}

const readRecipientRow = rowReader({
  personId: column.text,
  givenName: column.text,
  familyName: column.text,
  language: column.text,
  pupilId: column.text,
  childGiven: column.text,
  childFamily: column.text,
  readAt: column.nullableInstant,
  answer: column.nullableText,
  chosePaper: column.flag,
  answeredOnPaper: column.flag,
});

/** The default wait before an unread message is printed: one school day. */
export const DEFAULT_NOT_READ_HOURS = 24;

/**
 * The guardians an important message reached, each with why they need a paper copy: they chose
 * paper as their channel, or they have not read it `notReadForHours` after it was sent. Guardians
 * kept away from the child since (a court decision) are left out, as they are online.
 */
export async function listPaperRecipients(
  deps: MessagingDeps,
  actor: Actor,
  messageId: string,
  notReadForHours: number,
): Promise<{ message: LoadedMessage; recipients: PaperRecipient[] }> {
  const message = await loadMessageFor(deps.dataSource, actor, messageId, 'handlePaper');
  if (message.recalledAt !== null) throw new AppError('MESSAGE_RECALLED');
  if (!isImportant(message)) throw new AppError('PAPER_NOT_IMPORTANT');
  const rows = await queryRows(
    deps.dataSource,
    readRecipientRow,
    `SELECT r.personId AS personId, p.givenName AS givenName, p.familyName AS familyName, p.preferredLanguage AS language,
            r.pupilId AS pupilId, c.givenName AS childGiven, c.familyName AS childFamily, r.readAt AS readAt, r.answer AS answer,
            CASE WHEN pc.personId IS NULL THEN 0 ELSE 1 END AS chosePaper,
            CASE WHEN pa.personId IS NULL THEN 0 ELSE 1 END AS answeredOnPaper
       FROM message_recipient r
       JOIN person p ON p.id = r.personId
       JOIN person c ON c.id = r.pupilId
       LEFT JOIN paper_channel pc ON pc.personId = r.personId
       LEFT JOIN paper_answer pa ON pa.messageId = r.messageId AND pa.personId = r.personId
      WHERE r.messageId = ? AND r.role = 'guardian'`,
    [messageId],
  );
  const now = deps.clock.now();
  const links = await listGuardiansOfChildren(deps.dataSource, message.schoolId, [...new Set(rows.map((row) => row.pupilId))], now);
  const overdue = now.getTime() - message.createdAt.getTime() >= notReadForHours * 3_600_000;
  const recipients = rows
    .filter((row) => links.get(row.pupilId)?.some((link) => link.guardianId === row.personId && link.status !== 'noAccess'))
    .map((row): PaperRecipient => ({
      personId: row.personId,
      givenName: row.givenName,
      familyName: row.familyName,
      language: row.language,
      pupilId: row.pupilId,
      childGivenName: row.childGiven,
      childFamilyName: row.childFamily,
      readAt: row.readAt,
      answer: row.answer,
      answeredOnPaper: row.answeredOnPaper,
      reason: row.chosePaper ? 'chosePaper' : row.readAt === null && overdue ? 'notRead' : null,
    }));
  recipients.sort((a, b) => a.childFamilyName.localeCompare(b.childFamilyName, 'fr') || a.childGivenName.localeCompare(b.childGivenName, 'fr') || a.familyName.localeCompare(b.familyName, 'fr'));
  return { message, recipients };
}
