/**
 * Languages a person may prefer and a message may be written in, that is any ISO 639-1 code that Intl
 * can name (with an optional region), so "xx" or "klingon" are refused as unknown.
 */
const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** True when `tag` is a language code such as `fr`, `es`, `ar`, `pt-BR`. */
export function isKnownLanguage(tag: string): boolean {
  if (!/^[a-z]{2,3}(-[A-Z]{2})?$/.test(tag)) return false;
  try {
    const name = names.of(tag.split('-')[0]!);
    return name !== undefined && name !== tag;
  } catch {
    return false;
  }
}
