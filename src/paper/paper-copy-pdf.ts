import { startA4Document } from '../pdf/a4-document.js';
import QRCode from 'qrcode';
import { pickLanguage, textDirection, type UiLanguage } from '../i18n/languages.js';
import type { Translator } from '../i18n/translator.js';
import { printLine, wrapLines, type LineDirection } from '../pdf/column-lines.js';
import { formatExpiry } from '../views/expiry-format.js';

const MARGIN = 48;
const GUTTER = 18;

/** A message's words in one language. */
export interface CopyText {
  readonly language: string;
  readonly subject: string | null;
  readonly body: string;
}

/** What one guardian's paper copy prints. */
export interface PaperCopy {
  readonly schoolName: string;
  readonly timezone: string;
  readonly senderName: string;
  readonly sentAt: Date;
  /** `messaging.kind.*`: the request's kind when it has one, else the message's. */
  readonly kindKey: string;
  readonly asksAnswer: boolean;
  readonly original: CopyText;
  /** The words in the family's language, or null when they read the original's language or nothing could be printed. */
  readonly translated: CopyText | null;
  /** The family reads another language but the translation failed (or cannot be printed): the copy says so. */
  readonly translationMissing: boolean;
  readonly guardianName: string;
  readonly familyLanguage: string;
  readonly childName: string;
  /** Everyone with parental authority over the child: one signature line each. */
  readonly signatories: readonly string[];
  readonly url: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
}

/** One side of a two-column row: its lines, how they read, and the font. */
interface Side {
  readonly text: string;
  readonly direction: LineDirection;
}

/**
 * The paper copies of a message, one guardian after another, each starting on a new page: the
 * message in its language and in the family's side by side (the family's on the right), then a
 * reply slip to cut out (the question, boxes to tick, a signature line per guardian with parental
 * authority) and the code that opens the message online once. Labels are in French and, when the
 * interface speaks it, in the family's language.
 */
export async function renderPaperCopies(copies: readonly PaperCopy[], translator: Translator): Promise<Buffer> {
  const { document, fonts, unicode: hasFont, finish } = startA4Document({ title: 'e-carnet', margin: MARGIN, autoFirstPage: false });
  for (const copy of copies) await writeCopy(document, copy, translator, fonts, hasFont);
  return finish();
}

async function writeCopy(document: PDFKit.PDFDocument, copy: PaperCopy, translator: Translator, fonts: { regular: string; bold: string }, hasFont: boolean): Promise<void> {
  document.addPage();
  const left = MARGIN;
  const fullWidth = document.page.width - 2 * MARGIN;
  const columnWidth = (fullWidth - GUTTER) / 2;
  const right = left + columnWidth + GUTTER;
  const bottom = document.page.height - MARGIN;
  // The family's interface language for labels, when the catalogs have it and the font prints it.
  const labelLanguage: UiLanguage | null = (() => {
    const picked = pickLanguage([copy.familyLanguage]);
    return picked !== 'fr' && hasFont ? picked : null;
  })();
  const french = translator.forLanguage('fr');
  const family = labelLanguage ? translator.forLanguage(labelLanguage) : null;
  const direction = (language: string): LineDirection => (textDirection(pickLanguage([language])) === 'rtl' || /^(ar|he|fa|ur)\b/.test(language) ? 'rtl' : 'ltr');
  let y = MARGIN;

  /** Prints two columns line by line, so that both flow onto the next page together. */
  function row(leftSide: Side, rightSide: Side | null, size: number, font: string, gapAfter = 6): void {
    document.font(font).fontSize(size);
    const width = rightSide ? columnWidth : fullWidth;
    const leftLines = wrapLines(document, leftSide.text, width);
    const rightLines = rightSide ? wrapLines(document, rightSide.text, width) : [];
    const height = document.currentLineHeight(true) + 2;
    for (let index = 0; index < Math.max(leftLines.length, rightLines.length); index += 1) {
      if (y + height > bottom) {
        document.addPage();
        y = MARGIN;
        document.font(font).fontSize(size);
      }
      if (index < leftLines.length) printLine(document, leftLines[index]!, left, y, width, leftSide.direction);
      if (rightSide && index < rightLines.length) printLine(document, rightLines[index]!, right, y, width, rightSide.direction);
      y += height;
    }
    y += gapAfter;
  }
  /** A label in French and, beside it, in the family's language. */
  function label(key: string, values: Record<string, unknown>, size: number, font = fonts.regular, gapAfter = 6): void {
    row({ text: french(key, values), direction: 'ltr' }, family && labelLanguage ? { text: family(key, values), direction: direction(labelLanguage) } : null, size, font, gapAfter);
  }
  function needRoom(points: number): void {
    if (y + points > bottom) {
      document.addPage();
      y = MARGIN;
    }
  }
  const dateIn = (language: string) => new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: copy.timezone }).format(copy.sentAt);
  const frenchDate = dateIn('fr');
  const familyDate = labelLanguage ? dateIn(labelLanguage) : frenchDate;

  row({ text: copy.schoolName, direction: 'ltr' }, null, 10, fonts.regular, 2);
  label('paper.copy.title', {}, 16, fonts.bold, 4);
  row(
    { text: `${french(`messaging.kind.${copy.kindKey}`)} · ${french('paper.copy.from', { name: copy.senderName, date: frenchDate })}`, direction: 'ltr' },
    family && labelLanguage ? { text: `${family(`messaging.kind.${copy.kindKey}`)} · ${family('paper.copy.from', { name: copy.senderName, date: familyDate })}`, direction: direction(labelLanguage) } : null,
    10,
    fonts.regular,
  );
  label('paper.copy.to', { guardian: copy.guardianName, child: copy.childName }, 10, fonts.regular, 12);

  // The message: as written on the left, in the family's language on the right.
  const original = (text: string): Side => ({ text, direction: direction(copy.original.language) });
  const translated = copy.translated;
  const beside = (text: string | null): Side | null => (translated && text !== null ? { text, direction: direction(translated.language) } : null);
  if (copy.original.subject) row(original(copy.original.subject), beside(translated?.subject ?? copy.original.subject), 13, fonts.bold, 8);
  row(original(copy.original.body), beside(translated?.body ?? null), 11, fonts.regular, 10);
  if (copy.translationMissing) label('paper.copy.translationMissing', {}, 9, fonts.regular, 10);

  // The reply slip, kept whole on one page so that it can be cut out.
  const slipHeight = 170 + copy.signatories.length * 34 + (copy.asksAnswer ? 24 : 0);
  needRoom(slipHeight);
  document.save().moveTo(left, y).lineTo(left + fullWidth, y).dash(4, { space: 4 }).strokeColor('#555555').stroke().restore();
  y += 4;
  row({ text: `✂  ${french('paper.slip.cut')}`, direction: 'ltr' }, null, 8, fonts.regular, 6);
  label('paper.slip.title', {}, 13, fonts.bold, 4);
  label('paper.slip.child', { name: copy.childName }, 10, fonts.regular, 4);
  if (copy.original.subject) row(original(copy.original.subject), beside(translated?.subject ?? copy.original.subject), 10, fonts.bold, 6);
  const choices = copy.asksAnswer ? ['paper.slip.yes', 'paper.slip.no'] : ['paper.slip.seen'];
  for (const choice of choices) {
    // The box to tick, then the choice in French and, on the right, in the family's language.
    document.save().lineWidth(1).rect(left, y + 1, 11, 11).strokeColor('#000000').stroke().restore();
    document.font(fonts.regular).fontSize(11);
    printLine(document, french(choice), left + 18, y, columnWidth - 18, 'ltr');
    if (family && labelLanguage) printLine(document, family(choice), right, y, columnWidth, direction(labelLanguage));
    y += 20;
  }
  y += 6;
  for (const name of copy.signatories) {
    label('paper.slip.signature', { name }, 10, fonts.regular, 0);
    y += 16;
    document.save().moveTo(left, y).lineTo(left + columnWidth, y).dash(1, { space: 2 }).strokeColor('#000000').stroke().restore();
    y += 8;
  }
  label('paper.slip.date', {}, 10, fonts.regular, 14);

  // The code back to the message online: once, for this guardian.
  const size = 110;
  needRoom(size + 20);
  const qr = await QRCode.toBuffer(copy.url, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 6 });
  document.image(qr, left, y, { width: size, height: size });
  const textLeft = left + size + GUTTER;
  const textWidth = fullWidth - size - GUTTER;
  const until = (language: string) => formatExpiry(copy.expiresAt, copy.issuedAt, language, copy.timezone, 'long');
  const scanLines: Side[] = [{ text: french('paper.qr.scan', { date: until('fr') }), direction: 'ltr' }];
  if (family && labelLanguage) scanLines.push({ text: family('paper.qr.scan', { date: until(labelLanguage) }), direction: direction(labelLanguage) });
  let textY = y + 6;
  document.font(fonts.regular).fontSize(9);
  for (const side of scanLines) {
    for (const line of wrapLines(document, side.text, textWidth)) {
      printLine(document, line, textLeft, textY, textWidth, side.direction);
      textY += document.currentLineHeight(true) + 2;
    }
    textY += 4;
  }
  document.fontSize(7).fillColor('#444444');
  for (const line of wrapLines(document, copy.url, textWidth)) {
    printLine(document, line, textLeft, textY, textWidth, 'ltr');
    textY += document.currentLineHeight(true);
  }
  document.fillColor('#000000');
  y = Math.max(y + size, textY) + 8;
}
