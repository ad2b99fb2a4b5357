import type { ModuleContext } from '../context.js';
import { listGuardiansOfChildren } from '../directory/guardians.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError } from '../http/errors.js';
import { loadSchoolFacts } from '../messaging/school-facts.js';
import type { Actor } from '../policy/actor.js';
import { fontCovers } from '../pdf/font-coverage.js';
import { baseLanguage } from '../translate/provider.js';
import { asksAnswer } from './important-message.js';
import { issuePaperCode, paperCodeUrl } from './paper-codes.js';
import { REGULAR_FONT_FILE } from '../pdf/a4-document.js';
import { renderPaperCopies, type CopyText, type PaperCopy } from './paper-copy-pdf.js';
import { listPaperRecipients } from './paper-recipients.js';

/**
 * Prints, in one PDF, the paper copies of an important message for every guardian who needs
 * one: those who chose paper, and those who have not read it `notReadForHours` after it was
 * sent. Each copy carries a new single-use code for its guardian (the earlier one stops
 * working). The words are translated into each family's language through the translation cache;
 * a translation that fails, or a script the font cannot print, leaves the original alone with a
 * note. Audited: who printed, for how many guardians.
 */
export async function printPaperCopies(
  deps: Pick<ModuleContext, 'messaging' | 'translator' | 'config'>,
  actor: Actor,
  messageId: string,
  notReadForHours: number,
): Promise<{ pdf: Buffer; count: number }> {
  const { dataSource, clock } = deps.messaging;
  const { message, recipients } = await listPaperRecipients(deps.messaging, actor, messageId, notReadForHours);
  const needing = recipients.filter((recipient) => recipient.reason !== null);
  if (needing.length === 0) throw new AppError('PAPER_NOTHING_TO_PRINT');
  const now = clock.now();
  const school = await loadSchoolFacts(dataSource, message.schoolId);
  if (!school) throw new AppError('NOT_FOUND');
  const guardians = await listGuardiansOfChildren(dataSource, message.schoolId, [...new Set(needing.map((recipient) => recipient.pupilId))], now);

  const texts = new Map<string, { text: CopyText | null; missing: boolean }>();
  for (const language of new Set(needing.map((recipient) => recipient.language))) {
    texts.set(language, await translatedText(deps.messaging, message, language, now));
  }
  const codes = await runInTransaction(dataSource, async (manager) => {
    const issued = [];
    for (const recipient of needing) {
      issued.push(
        await issuePaperCode(
          manager,
          { schoolId: message.schoolId, messageId, personId: recipient.personId, issuedById: actor.personId, validity: school.settings.sharing.qrValidity, timezone: school.timezone },
          now,
        ),
      );
    }
    await recordAuditEvent(manager, {
      schoolId: message.schoolId,
      actorId: actor.personId,
      action: 'messaging.paperCopiesPrinted',
      subjectKind: 'message',
      subjectId: messageId,
      detail: { guardians: needing.length, notReadForHours },
      at: now,
    });
    return issued;
  });

  const copies = needing.map((recipient, index): PaperCopy => {
    const translation = texts.get(recipient.language)!;
    const signatories = (guardians.get(recipient.pupilId) ?? []).filter((link) => link.status === 'full').map((link) => `${link.givenName} ${link.familyName}`);
    return {
      schoolName: school.name,
      timezone: school.timezone,
      senderName: message.senderName,
      sentAt: message.createdAt,
      kindKey: message.requestKind ?? message.kind,
      asksAnswer: asksAnswer(message),
      original: { language: message.language, subject: message.subject, body: message.body },
      translated: translation.text,
      translationMissing: translation.missing,
      guardianName: `${recipient.givenName} ${recipient.familyName}`,
      familyLanguage: recipient.language,
      childName: `${recipient.childGivenName} ${recipient.childFamilyName}`,
      signatories,
      url: paperCodeUrl(deps.config.baseUrl, codes[index]!.token),
      issuedAt: now,
      expiresAt: codes[index]!.expiresAt,
    };
  });
  return { pdf: await renderPaperCopies(copies, deps.translator), count: copies.length };
}

/** The message in `language`, or null with `missing` when it could not be translated or printed. */
async function translatedText(
  messaging: ModuleContext['messaging'],
  message: { subject: string | null; body: string; language: string },
  language: string,
  now: Date,
): Promise<{ text: CopyText | null; missing: boolean }> {
  if (baseLanguage(language) === baseLanguage(message.language)) return { text: null, missing: false };
  const [body, subject] = await Promise.all([
    messaging.translator.translate(message.body, message.language, language, now),
    message.subject ? messaging.translator.translate(message.subject, message.language, language, now) : Promise.resolve(null),
  ]);
  if (body.status !== 'translated') return { text: null, missing: true };
  const translatedSubject = subject && subject.status === 'translated' ? subject.text : message.subject;
  if (!fontCovers(REGULAR_FONT_FILE, `${translatedSubject ?? ''} ${body.text}`)) return { text: null, missing: true };
  return { text: { language, subject: translatedSubject, body: body.text }, missing: false };
}
