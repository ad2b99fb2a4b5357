import { rightToLeftLine } from './right-to-left-line.js';

/** Which way a column's lines read. */
export type LineDirection = 'ltr' | 'rtl';

/**
 * Cuts a text into the lines that fit `width` at the document's current font and size, in
 * logical (typed) order. The cutting is done here, not by pdfkit, because pdfkit would cut a
 * right-to-left line after it was put in visual order, and so print its end first.
 */
export function wrapLines(document: PDFKit.PDFDocument, text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    const words = paragraph.split(/\s+/).filter((word) => word !== '');
    if (words.length === 0) {
      lines.push('');
      continue;
    }
    let line = '';
    for (const word of words) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (line !== '' && document.widthOfString(candidate) > width) {
        lines.push(line);
        line = word;
      } else {
        line = candidate;
      }
    }
    lines.push(line);
  }
  return lines;
}

/**
 * Prints one line at (x, y) within `width`, aligned to its reading side, without letting pdfkit
 * wrap or move the cursor: the caller places lines, so that two columns stay side by side.
 * A right-to-left line is put in reading order first (see `rightToLeftLine`).
 */
export function printLine(document: PDFKit.PDFDocument, line: string, x: number, y: number, width: number, direction: LineDirection): void {
  if (direction === 'rtl') {
    const ordered = rightToLeftLine(line);
    document.text(ordered.text, x, y, { width, align: 'right', lineBreak: false, features: ordered.wholeRun ? [] : undefined });
  } else {
    document.text(line, x, y, { width, align: 'left', lineBreak: false });
  }
}
