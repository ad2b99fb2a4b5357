import { startA4Document } from '../pdf/a4-document.js';
import type { Translate } from '../i18n/translate.js';
import { textDirection, type UiLanguage } from '../i18n/languages.js';
import { rightToLeftLine } from '../pdf/right-to-left-line.js';
import type { PageGroup } from './engagement-page.js';

/** What the report prints above the groups. */
interface ReportHeading {
  readonly schoolName: string;
  readonly title: string;
  readonly span: string;
  readonly smallGroupRule: string;
}

const BAR_AREA = { width: 300, height: 70 };

/**
 * The trimester's report for the conseil des maîtres or the conseil d'école: the same groups and
 * figures as the page (school, then classes, never a teacher), each with its monthly read rates
 * as bars and as written lines, so the paper reads without the chart. A4, one group after
 * another; Arabic lines in reading order (see rightToLeftLine).
 */
export async function renderTrimesterReport(language: UiLanguage, t: Translate, heading: ReportHeading, groups: readonly PageGroup[]): Promise<Buffer> {
  const { document, finish } = startA4Document({ title: heading.title, margin: 50 });
  const rtl = textDirection(language) === 'rtl';
  const print = (text: string, options: PDFKit.Mixins.TextOptions = {}): void => {
    if (!rtl) {
      document.text(text, options);
      return;
    }
    const line = rightToLeftLine(text);
    document.text(line.text, { ...options, align: 'right', features: line.wholeRun ? [] : undefined });
  };

  document.fontSize(18);
  print(heading.title);
  document.fontSize(12);
  print(heading.schoolName);
  print(heading.span);
  document.fontSize(9).fillColor('#444444');
  print(heading.smallGroupRule);
  document.fillColor('#000000');

  for (const group of groups) {
    if (document.y > document.page.height - 330) document.addPage();
    document.moveDown(1);
    document.fontSize(14);
    print(group.name);
    document.fontSize(10);
    for (const line of group.lines) print(t('engagement.report.line', { label: line.label, value: line.value }));
    document.moveDown(0.5);
    drawBars(document, group);
    document.fontSize(9);
    print(group.summary);
    for (const row of group.rows) print(t('engagement.report.line', { label: row.month, value: row.rate }));
  }
  return finish();
}

/** The monthly read rates as bars, 0 to 100 %, a month with too few families left blank. */
function drawBars(document: PDFKit.PDFDocument, group: PageGroup): void {
  const left = document.page.margins.left;
  const top = document.y;
  const count = Math.max(group.rows.length, 1);
  const slot = BAR_AREA.width / count;
  document.save();
  document.lineWidth(0.5).strokeColor('#888888');
  document.moveTo(left, top + BAR_AREA.height).lineTo(left + BAR_AREA.width, top + BAR_AREA.height).stroke();
  group.rows.forEach((row, index) => {
    if (row.percent === null) return;
    const height = (row.percent / 100) * BAR_AREA.height;
    document.rect(left + index * slot + slot * 0.15, top + BAR_AREA.height - height, slot * 0.7, height).fill('#1d4e89');
  });
  document.restore();
  document.y = top + BAR_AREA.height + 6;
  document.x = left;
}
