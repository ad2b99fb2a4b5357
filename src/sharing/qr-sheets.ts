import { startA4Document } from '../pdf/a4-document.js';
import QRCode from 'qrcode';
import type { Translator } from '../i18n/translator.js';
import { pickLanguage, textDirection, type UiLanguage } from '../i18n/languages.js';
import { rightToLeftLine } from '../pdf/right-to-left-line.js';
import { formatExpiry } from '../views/expiry-format.js';
import { drawPictogramRow } from '../paper/welcome/pictograms.js';
import type { IssuedQrCode } from './qr-codes.js';
import { bidiIsolate } from '../i18n/bidi-isolate.js';
import { withoutBidiControls } from '../http/user-text.js';

/** What a sheet prints for one child. */
interface SheetCode {
  readonly code: IssuedQrCode;
  /** The address the QR code holds: `<base>/s/<token>`. */
  readonly url: string;
  readonly timezone: string;
}

/**
 * The printable sheets, one A4 page per child: the QR code, the child's first name, how to use
 * it and until when (the time too for a code that lasts under a day), in French and in the
 * family's language. Paper is how the least connected families get in; the URL is printed too,
 * for a phone that cannot scan.
 */
export async function renderQrSheets(codes: readonly SheetCode[], translator: Translator): Promise<Buffer> {
  const { document, fonts, unicode: hasFont, finish } = startA4Document({ title: 'e-carnet', margin: 56, autoFirstPage: false });
  const font = fonts.regular;

  for (const sheet of codes) {
    document.addPage();
    document.font(font);
    const qr = await QRCode.toBuffer(sheet.url, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 });
    const languages: UiLanguage[] = ['fr'];
    const family = pickLanguage([sheet.code.familyLanguage]);
    if (family !== 'fr' && hasFont) languages.push(family);

    for (const [position, language] of languages.entries()) {
      writeInstructions(document, translator, language, sheet, position === 0);
    }
    const size = 220;
    document.image(qr, (document.page.width - size) / 2, document.y + 12, { width: size, height: size });
    document.y += size + 24;
    document.fontSize(8).fillColor('#444444').text(sheet.url, { align: 'center' });
    document.fillColor('#000000');
    // The same steps as the welcome letter, drawn for those who read little.
    drawPictogramRow(document, ['scan', 'portfolio', 'listen', 'answer'], document.y + 16, 52);
  }
  return finish();
}

function writeInstructions(document: PDFKit.PDFDocument, translator: Translator, language: UiLanguage, sheet: SheetCode, first: boolean): void {
  const t = translator.forLanguage(language);
  // A left-to-right line needs no reordering: its isolates are only taken out (the font has no glyph for them).
  const print = textDirection(language) === 'rtl' ? printRightToLeft : (text: string) => document.text(withoutBidiControls(text), { align: 'left' });
  // A code for one evening says until what time; a code for a term, until what date.
  const until = formatExpiry(sheet.code.expiresAt, sheet.code.issuedAt, language, sheet.timezone, 'long');
  if (!first) document.moveDown(0.8);
  document.fontSize(first ? 22 : 16);
  print(t('sharing.sheet.title', { name: bidiIsolate(sheet.code.pupil.givenName) }));
  document.moveDown(0.3);
  document.fontSize(11);
  for (const step of ['step1', 'step2', 'step3']) print(t(`sharing.sheet.${step}`));
  document.moveDown(0.2);
  print(t('sharing.sheet.validUntil'));
  print(until);
  document.fontSize(9);
  print(t('sharing.sheet.keepSafe'));

  function printRightToLeft(text: string): void {
    const line = rightToLeftLine(text);
    // `features` makes pdfkit lay the line out as one run (see rightToLeftLine).
    document.text(line.text, { align: 'right', features: line.wholeRun ? [] : undefined });
  }
}
