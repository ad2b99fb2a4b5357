import type { QuestionResult } from './survey-results.js';

/** What a chart shows of one option: its label (already translated) and figures. */
export interface ChartBar {
  readonly label: string;
  readonly count: number;
  readonly percent: number;
}

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A horizontal bar chart of one question, drawn on the server as SVG: no script, prints as it
 * shows, and scales with the page (viewBox). It is a picture for those who see it: the page puts
 * the same figures in a table beside it, so the SVG is hidden from screen readers (aria-hidden)
 * rather than read twice. Labels sit above their bar, so long words and right-to-left languages
 * need no room beside it.
 */
export function questionChart(bars: readonly ChartBar[], rightToLeft: boolean): string {
  const width = 320;
  const rowHeight = 40;
  const height = bars.length * rowHeight + 4;
  const barMax = width - 60;
  const rows = bars.map((bar, index) => {
    const y = index * rowHeight;
    // A hairline for 0 %, so the row still reads as a bar chart.
    const length = Math.max(Math.round((barMax * bar.percent) / 100), 1);
    const barX = rightToLeft ? width - length : 0;
    const labelX = rightToLeft ? width : 0;
    const valueX = rightToLeft ? width - length - 6 : length + 6;
    return [
      `<text x="${labelX}" y="${y + 14}" text-anchor="start" class="chart-label">${escape(bar.label)}</text>`,
      `<rect x="${barX}" y="${y + 20}" width="${length}" height="14" rx="2" class="chart-bar"/>`,
      `<text x="${valueX}" y="${y + 32}" text-anchor="start" class="chart-value">${bar.percent} %</text>`,
    ].join('');
  });
  // `text-anchor="start"` follows the text's direction: the right edge in right-to-left, where x is measured from the left.
  return `<svg xmlns="http://www.w3.org/2000/svg" direction="${rightToLeft ? 'rtl' : 'ltr'}" viewBox="0 0 ${width} ${height}" width="100%" aria-hidden="true" focusable="false" class="survey-chart">${rows.join('')}</svg>`;
}

/** The bars of a question's results, labels through `label`. */
export function chartBars(question: QuestionResult, label: (option: string) => string): ChartBar[] {
  return question.options.map((option) => ({ label: label(option.code), count: option.count, percent: option.percent }));
}
