import fs from 'node:fs';
import * as fontkit from 'fontkit';

const fonts = new Map<string, fontkit.Font | null>();

/**
 * Whether the font file has a glyph for every letter of `text`. A paper copy in a script the
 * font lacks (Chinese, Tamil with DejaVu Sans) would print empty boxes: such text is left out
 * and French printed alone, with a note.
 */
export function fontCovers(file: string, text: string): boolean {
  let font = fonts.get(file);
  if (font === undefined) {
    font = fs.existsSync(file) ? asFont(fontkit.openSync(file)) : null;
    fonts.set(file, font);
  }
  if (font === null) return false;
  for (const character of text) {
    if (/\s/u.test(character)) continue;
    if (!font.hasGlyphForCodePoint(character.codePointAt(0)!)) return false;
  }
  return true;
}

function asFont(opened: fontkit.Font | fontkit.FontCollection): fontkit.Font | null {
  return 'hasGlyphForCodePoint' in opened ? opened : null;
}
