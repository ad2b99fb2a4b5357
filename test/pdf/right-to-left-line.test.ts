import { expect } from 'chai';
import * as fontkit from 'fontkit';
import { rightToLeftLine } from '../../src/pdf/right-to-left-line.js';
import { REGULAR_FONT_FILE } from '../../src/pdf/a4-document.js';

const font = fontkit.openSync(REGULAR_FONT_FILE) as fontkit.Font;

/**
 * What a line looks like on paper, read left to right: the characters of the glyphs fontkit
 * draws in order, as pdfkit draws a line it was asked to lay out as one run.
 */
function printedLeftToRight(text: string): string {
  const line = rightToLeftLine(text);
  expect(line.wholeRun, `${text} is laid out as one run`).to.equal(true);
  return font
    .layout(line.text)
    .glyphs.map((glyph) => String.fromCodePoint(...glyph.codePoints))
    .join('');
}

/** Arabic words as they sit on paper (a right-to-left word is drawn from its last letter). */
const drawn = (word: string) => [...word].reverse().join('');

describe('right-to-left lines in PDF sheets', () => {
  it('put a Latin first name on the left of the Arabic before it, with the space between', () => {
    expect(printedLeftToRight('دفتر Yasmine')).to.equal(`Yasmine ${drawn('دفتر')}`);
  });

  it('end a sentence with its full stop on the left, and keep numbering on the right', () => {
    expect(printedLeftToRight('١. افتحوا كاميرا هاتفكم.')).to.equal(`.${drawn('هاتفكم')} ${drawn('كاميرا')} ${drawn('افتحوا')} .${drawn('١')}`);
    expect(printedLeftToRight('هذا الرمز صالح حتى:')).to.equal(`:${drawn('حتى')} ${drawn('صالح')} ${drawn('الرمز')} ${drawn('هذا')}`);
  });

  it('keep a date’s numbers reading left to right', () => {
    expect(printedLeftToRight('20 فبراير 2027')).to.equal(`2027 ${drawn('فبراير')} 20`);
  });

  it('mirror brackets so that they enclose their word', () => {
    expect(printedLeftToRight('احتفظوا (بهذه) البطاقة')).to.equal(`${drawn('البطاقة')} (${drawn('بهذه')}) ${drawn('احتفظوا')}`);
  });

  it('keep a Latin name with its own punctuation when it is isolated, and print no isolate', () => {
    expect(printedLeftToRight(`دفتر \u2068Léa (CP).\u2069`)).to.equal(`Léa (CP). ${drawn('دفتر')}`);
    expect(rightToLeftLine('Le carnet de \u2068Léa\u2069')).to.deep.equal({ text: 'Le carnet de Léa', wholeRun: false });
  });

  it('leave to pdfkit a line that fontkit would not lay out right to left', () => {
    expect(rightToLeftLine('Yasmine دفتر')).to.deep.equal({ text: 'Yasmine دفتر', wholeRun: false });
    expect(rightToLeftLine('Le carnet')).to.deep.equal({ text: 'Le carnet', wholeRun: false });
  });
});
