import { AppError } from '../http/errors.js';
import type { MessagingDeps } from '../messaging/messaging-deps.js';
import type { Actor } from '../policy/actor.js';
import { DEFAULT_NOT_READ_HOURS, listPaperRecipients, type PaperReason } from './paper-recipients.js';

/** Who needs paper, as the receipts page lists them. */
export interface PaperSummary {
  readonly hours: number;
  readonly needing: readonly { name: string; childName: string; reason: PaperReason }[];
}

/** Failures that only mean "no paper section here": not important, recalled, or not the school's side. */
const NOT_FOR_PAPER = new Set(['PAPER_NOT_IMPORTANT', 'MESSAGE_RECALLED', 'FORBIDDEN', 'NOT_FOUND']);

/**
 * The guardians who need a paper copy of a message after the default wait, for the receipts
 * page; null when the message has no paper copies or the reader does not print them.
 */
export async function paperSummaryForReceipts(deps: MessagingDeps, actor: Actor, messageId: string): Promise<PaperSummary | null> {
  try {
    const { recipients } = await listPaperRecipients(deps, actor, messageId, DEFAULT_NOT_READ_HOURS);
    const needing = recipients.flatMap((recipient) =>
      recipient.reason === null
        ? []
        : [{ name: `${recipient.givenName} ${recipient.familyName}`, childName: `${recipient.childGivenName} ${recipient.childFamilyName}`, reason: recipient.reason }],
    );
    return { hours: DEFAULT_NOT_READ_HOURS, needing };
  } catch (error) {
    if (error instanceof AppError && NOT_FOR_PAPER.has(error.code)) return null;
    throw error;
  }
}
