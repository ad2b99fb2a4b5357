/*
 * Intl formatters, built once per locale and options: building one (ICU loads the locale's
 * patterns and the zone's rules) costs tens of times more than formatting a value with it, and
 * pages format dates and names many times over.
 */

/** Formatters ever built stay few (the interface languages × the schools' zones × the styles in code); the bound only guards against a surprise. */
const MOST_KEPT = 2000;

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const displayNamesByKey = new Map<string, Intl.DisplayNames>();

function remembered<T>(cache: Map<string, T>, key: string, build: () => T): T {
  let found = cache.get(key);
  if (found === undefined) {
    found = build();
    if (cache.size >= MOST_KEPT) cache.clear();
    cache.set(key, found);
  }
  return found;
}

/** `new Intl.DateTimeFormat(locale, options)`, built once for each locale and options. */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return remembered(dateTimeFormats, `${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

/** `new Intl.DisplayNames([locale], options)`, built once for each locale and options. */
export function displayNames(locale: string, options: Intl.DisplayNamesOptions): Intl.DisplayNames {
  return remembered(displayNamesByKey, `${locale}|${JSON.stringify(options)}`, () => new Intl.DisplayNames([locale], options));
}
