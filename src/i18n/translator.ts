import i18next, { type TFunction } from 'i18next';
import { loadCatalogs } from './catalogs.js';
import { DEFAULT_LANGUAGE, UI_LANGUAGES, type UiLanguage } from './languages.js';

/** Translates a catalog key, with `{{name}}` values and `count` for plurals. */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

/** The interface catalogs, ready for every supported language. */
export interface Translator {
  forLanguage(language: UiLanguage): Translate;
}

/**
 * Loads the catalogs of `locales/` once, synchronously. HTML escaping is left to Handlebars,
 * which escapes every value it prints, so nothing is escaped twice.
 */
export function createTranslator(): Translator {
  const catalogs = loadCatalogs();
  const instance = i18next.createInstance();
  void instance.init({
    resources: Object.fromEntries(UI_LANGUAGES.map((language) => [language, { translation: catalogs[language] }])),
    supportedLngs: [...UI_LANGUAGES],
    fallbackLng: DEFAULT_LANGUAGE,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const byLanguage = new Map<UiLanguage, TFunction>();
  for (const language of UI_LANGUAGES) byLanguage.set(language, instance.getFixedT(language));
  return {
    forLanguage(language) {
      const t = byLanguage.get(language) ?? byLanguage.get(DEFAULT_LANGUAGE)!;
      return (key, values) => String(t(key, values ?? {}));
    },
  };
}
