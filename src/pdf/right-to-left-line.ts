import bidiFactory from 'bidi-js';

const bidi = bidiFactory();

/** Scripts fontkit lays out right to left (it reverses a whole run written in one of them). */
const RIGHT_TO_LEFT_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const SCRIPT_NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;

/**
 * How to hand a right-to-left line (Arabic) to pdfkit so that it prints in the right order.
 *
 * pdfkit has no bidirectional algorithm: by default it lays out each space-separated word
 * alone, so punctuation lands on the wrong side and a Latin name glues to its Arabic neighbour.
 * Given `features`, it lays out the whole line in one fontkit run, which fontkit shapes (Arabic
 * joining needs the logical order) and then reverses when the run's first script is
 * right-to-left. So the line is put in visual order by the Unicode bidirectional algorithm
 * (bidi-js) and reversed once more: fontkit's own reversal then gives the visual order, with
 * Arabic words back in logical order for shaping and Latin names or numbers reading left to
 * right. Brackets in right-to-left stretches are mirrored, as the algorithm asks.
 *
 * When fontkit would not reverse the run (its first script is not right-to-left, e.g. a line
 * that starts with a Latin name), the line is returned as is, to be printed word by word.
 * A line pdfkit wraps keeps this order per line as long as a left-to-right stretch does not
 * cross the wrap; sheet lines are short sentences. A person's words set in the line within bidi
 * isolates (FSI…PDI) are ordered on their own, then the isolates are taken out.
 */
export function rightToLeftLine(text: string): { text: string; wholeRun: boolean } {
  if (!fontkitReverses(text)) return { text: withoutIsolates(text), wholeRun: false };
  const levels = bidi.getEmbeddingLevels(text, 'rtl');
  const characters = [...text];
  // bidi-js indexes UTF-16 code units; Arabic and Latin are all in the basic plane, and a line
  // with astral characters (emoji) is left to pdfkit's word-by-word layout.
  if (characters.length !== text.length) return { text: withoutIsolates(text), wholeRun: false };
  for (const [index, mirror] of bidi.getMirroredCharactersMap(text, levels.levels)) characters[index] = mirror;
  for (const [start, end] of bidi.getReorderSegments(text, levels)) {
    const reversed = characters.slice(start, end + 1).reverse();
    characters.splice(start, reversed.length, ...reversed);
  }
  return { text: withoutIsolates(characters.reverse().join('')), wholeRun: true };
}

/**
 * The bidi isolates (`bidiIsolate`) have done their work once the line is ordered: a name keeps
 * its own direction and punctuation. They are invisible, and the font has no glyph for them.
 */
function withoutIsolates(text: string): string {
  return text.replace(/[\u2066-\u2069]/g, '');
}

/** Whether fontkit takes this text for a right-to-left run: its first character of a script decides. */
function fontkitReverses(text: string): boolean {
  for (const character of text) {
    if (SCRIPT_NEUTRAL.test(character)) continue;
    return RIGHT_TO_LEFT_SCRIPT.test(character);
  }
  return false;
}
