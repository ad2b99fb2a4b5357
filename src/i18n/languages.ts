import { displayNames } from './intl-formats.js';
/** Languages the interface is translated into; French is the default and the fallback. */
export const UI_LANGUAGES = ['fr', 'en', 'ar', 'es'] as const;
/** A language the interface is translated into. */
export type UiLanguage = (typeof UI_LANGUAGES)[number];
/** The language of a request that states none the interface knows. */
export const DEFAULT_LANGUAGE: UiLanguage = 'fr';

/** Written right to left. */
const RIGHT_TO_LEFT = new Set<string>(['ar', 'fa', 'he', 'ur', 'ps', 'ckb']);

/** True when `value` names a language the interface is translated into. */
export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (UI_LANGUAGES as readonly string[]).includes(value);
}

/** `rtl` for languages written right to left (Arabic…), else `ltr`. */
export function textDirection(language: string): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(language.split('-')[0] ?? '') ? 'rtl' : 'ltr';
}

/**
 * The first supported language among the candidates (most specific first), matching `ar-MA` to
 * `ar`; French when none is supported.
 */
export function pickLanguage(candidates: readonly (string | null | undefined)[]): UiLanguage {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const base = candidate.trim().toLowerCase().split(/[-_]/)[0];
    if (isUiLanguage(base)) return base;
  }
  return DEFAULT_LANGUAGE;
}

/** Languages of an `Accept-Language` header, by decreasing quality. */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const quality = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim(), q: quality ? Number(quality.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.tag !== '' && entry.tag !== '*' && entry.q > 0)
    .sort((a, b) => b.q - a.q)
    .map((entry) => entry.tag);
}

/**
 * A language's name in that language itself ("العربية", "Türkçe", "Français"), so that a family
 * finds its own language in a list whatever language the page is in. The code itself when the
 * runtime knows no name for it.
 */
export function nativeLanguageName(code: string): string {
  const name = languageNameIn(code, code);
  if (name === code) return code;
  return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
}

/** The name of language `code` in language `inLanguage` ("espagnol" for es in fr); the code itself when the runtime knows none. */
export function languageNameIn(inLanguage: string, code: string): string {
  try {
    return displayNames(inLanguage, { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
