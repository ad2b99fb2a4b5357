import { startA4Document } from '../../pdf/a4-document.js';
import QRCode from 'qrcode';
import { textDirection, type UiLanguage } from '../../i18n/languages.js';
import type { Translator } from '../../i18n/translator.js';
import { printLine, wrapLines, type LineDirection } from '../../pdf/column-lines.js';
import type { BookletEntry, BookletSkill } from './load-booklet.js';

const MARGIN = 48;
const PHOTO_GAP = 10;

/** What a booklet prints. */
export interface Booklet {
  readonly schoolName: string;
  readonly childName: string;
  readonly language: UiLanguage;
  readonly timezone: string;
  readonly from: Date;
  /** The last day of the period (inclusive), as the family reads it. */
  readonly lastDay: Date;
  readonly entries: readonly BookletEntry[];
  readonly skills: readonly BookletSkill[];
  /** The address the QR code holds: the child's QR code, or the portfolio page for a family with an account. */
  readonly url: string;
  readonly urlIsNewCode: boolean;
}

/**
 * A child's portfolio booklet for a period, in the family's language: a cover with the QR code back
 * to the online portfolio, the entries oldest first (title, date, teacher's comment, photos, skills
 * shown), then the skills of the period with their evidence. Text is placed line by line, as the
 * paper copies are, so that Arabic reads right to left.
 */
export async function renderBooklet(booklet: Booklet, translator: Translator): Promise<Buffer> {
  const { document, fonts, unicode: hasFont, finish } = startA4Document({ title: booklet.childName, margin: MARGIN });
  const { regular, bold } = fonts;
  const language: UiLanguage = hasFont ? booklet.language : 'fr';
  const t = translator.forLanguage(language);
  const direction: LineDirection = textDirection(language);
  const width = document.page.width - 2 * MARGIN;
  const bottom = () => document.page.height - MARGIN;
  let y = MARGIN;

  function paragraph(text: string, size: number, font = regular, gapAfter = 4, color = '#000000'): void {
    document.font(font).fontSize(size).fillColor(color);
    const height = document.currentLineHeight(true) + 2;
    for (const line of wrapLines(document, text, width)) {
      if (y + height > bottom()) newPage();
      printLine(document, line, MARGIN, y, width, direction);
      y += height;
    }
    y += gapAfter;
    document.fillColor('#000000');
  }
  function newPage(): void {
    document.addPage();
    y = MARGIN;
  }
  const day = (date: Date) => new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: booklet.timezone }).format(date);

  // The cover: whose booklet, which period, and the way back online.
  paragraph(booklet.schoolName, 11, regular, 8);
  paragraph(t('paper.booklet.title', { name: booklet.childName }), 22, bold, 6);
  paragraph(t('paper.booklet.period', { from: day(booklet.from), to: day(booklet.lastDay) }), 12, regular, 16);
  const qrSize = 170;
  const qr = await QRCode.toBuffer(booklet.url, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 });
  document.image(qr, (document.page.width - qrSize) / 2, y, { width: qrSize, height: qrSize });
  y += qrSize + 8;
  paragraph(t(booklet.urlIsNewCode ? 'paper.booklet.scanCode' : 'paper.booklet.scanAccount'), 10, regular, 4);
  document.font(regular).fontSize(7).fillColor('#444444');
  printLine(document, booklet.url, MARGIN, y, width, 'ltr');
  document.fillColor('#000000');
  y += 20;
  paragraph(t('paper.booklet.summary', { count: booklet.entries.length }), 11, regular, 4);

  for (const entry of booklet.entries) {
    newPage();
    paragraph(entry.title, 15, bold, 2);
    paragraph(entry.author ? `${day(entry.at)} · ${entry.author}` : day(entry.at), 9, regular, 8, '#444444');
    if (entry.comment.trim() !== '') paragraph(entry.comment, 11, regular, 8);
    if (entry.photos.length > 0) {
      const photoWidth = (width - PHOTO_GAP * (entry.photos.length - 1)) / entry.photos.length;
      const photoHeight = Math.min(photoWidth * 0.75, 300);
      if (y + photoHeight > bottom()) newPage();
      entry.photos.forEach((photo, index) => {
        document.image(photo, MARGIN + index * (photoWidth + PHOTO_GAP), y, { fit: [photoWidth, photoHeight], align: 'center', valign: 'center' });
      });
      y += photoHeight + 10;
    }
    for (const skill of entry.skills) paragraph(`• ${skill.label} — ${t(`portfolio.level.${skill.level}`)}`, 10, regular, 2);
  }

  if (booklet.skills.length > 0) {
    newPage();
    paragraph(t('paper.booklet.skillsTitle'), 16, bold, 8);
    for (const skill of booklet.skills) {
      paragraph(`${skill.label} — ${t(`portfolio.level.${skill.level}`)}`, 11, bold, 1);
      paragraph(skill.domainLabel, 9, regular, 2, '#444444');
      paragraph(t('paper.booklet.evidence', { titles: skill.evidence.join(' · ') }), 9, regular, 8);
    }
  }
  return finish();
}
