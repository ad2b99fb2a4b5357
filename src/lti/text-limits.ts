/**
 * A platform's text cut to the column that keeps it, counted in characters (code points, as
 * MariaDB counts a `varchar`), never inside a character: a long French course title is normal, and
 * an emoji cut in half is not text. Blank text is no text.
 */
export function fitText(value: unknown, maxCharacters: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const characters = Array.from(trimmed);
  return characters.length <= maxCharacters ? trimmed : characters.slice(0, maxCharacters).join('').trimEnd();
}
