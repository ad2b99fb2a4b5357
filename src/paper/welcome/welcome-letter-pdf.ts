import { startA4Document } from '../../pdf/a4-document.js';
import { pickLanguage, textDirection, type UiLanguage } from '../../i18n/languages.js';
import type { Translator } from '../../i18n/translator.js';
import { printLine, wrapLines } from '../../pdf/column-lines.js';
import { drawPictogram, PICTOGRAMS } from './pictograms.js';

const MARGIN = 48;
const PICTOGRAM_SIZE = 58;
const GAP = 16;

/** One family's letter: the child's first name and the language the family reads. */
export interface WelcomeLetter {
  readonly childGivenName: string;
  readonly familyLanguage: string;
  readonly schoolName: string;
}

/**
 * The welcome letters of a class, one A4 page per child: how to open the portfolio, listen to a
 * message, answer, and add the app to the phone, each step with a pictogram beside its words in
 * French and in the family's language (when the interface speaks it and the font prints it). It
 * holds no code: the child's QR sheet does, so letters can be printed as often as needed.
 */
export async function renderWelcomeLetters(letters: readonly WelcomeLetter[], translator: Translator): Promise<Buffer> {
  const { document, fonts, unicode: hasFont, finish } = startA4Document({ title: 'e-carnet', margin: MARGIN, autoFirstPage: false });
  const { regular, bold } = fonts;

  for (const letter of letters) {
    document.addPage();
    const picked = pickLanguage([letter.familyLanguage]);
    const languages: UiLanguage[] = picked !== 'fr' && hasFont ? ['fr', picked] : ['fr'];
    let y = MARGIN;
    const write = (text: string, language: UiLanguage, x: number, width: number, size: number, font: string, gapAfter: number): void => {
      document.font(font).fontSize(size);
      const height = document.currentLineHeight(true) + 2;
      for (const line of wrapLines(document, text, width)) {
        printLine(document, line, x, y, width, textDirection(language));
        y += height;
      }
      y += gapAfter;
    };
    const fullWidth = document.page.width - 2 * MARGIN;
    write(letter.schoolName, 'fr', MARGIN, fullWidth, 10, regular, 6);
    for (const language of languages) {
      const t = translator.forLanguage(language);
      write(t('paper.welcome.title', { name: letter.childGivenName }), language, MARGIN, fullWidth, language === 'fr' ? 18 : 15, bold, 2);
      write(t('paper.welcome.intro'), language, MARGIN, fullWidth, 10, regular, 6);
    }
    y += 4;
    const textX = MARGIN + PICTOGRAM_SIZE + GAP;
    const textWidth = fullWidth - PICTOGRAM_SIZE - GAP;
    for (const step of PICTOGRAMS) {
      const top = y;
      drawPictogram(document, step, MARGIN, top, PICTOGRAM_SIZE);
      for (const [index, language] of languages.entries()) {
        const t = translator.forLanguage(language);
        write(t(`paper.welcome.step.${step}`), language, textX, textWidth, index === 0 ? 11 : 10, index === 0 ? bold : regular, 3);
      }
      y = Math.max(y, top + PICTOGRAM_SIZE) + 12;
    }
    for (const language of languages) write(translator.forLanguage(language)('paper.welcome.help'), language, MARGIN, fullWidth, 9, regular, 4);
  }
  return finish();
}
