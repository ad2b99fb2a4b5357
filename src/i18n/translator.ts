import i18next, { type TFunction } from 'i18next';
import { loadCatalogs, type Catalog } from './catalogs.js';
import { compileMessage, fillMessage, type CompiledMessage } from './compiled-message.js';
import { withFrenchElision } from './elision.js';
import { DEFAULT_LANGUAGE, UI_LANGUAGES, type UiLanguage } from './languages.js';
import type { Translate } from './translate.js';

export type { Translate } from './translate.js';

/** The interface catalogs, ready for every supported language. */
export interface Translator {
  forLanguage(language: UiLanguage): Translate;
}

/**
 * Loads the catalogs of `locales/` once, synchronously. HTML escaping is left to Handlebars,
 * which escapes every value it prints, so nothing is escaped twice. `compiledMessages: false`
 * answers every call through i18next, the reference the compiled strings are tested against.
 */
export function createTranslator(options: { compiledMessages?: boolean } = {}): Translator {
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
  const byLanguage = new Map<UiLanguage, Translate>();
  for (const language of UI_LANGUAGES) {
    const t = instance.getFixedT(language);
    const translate = options.compiledMessages === false ? viaI18next(t) : withCompiledMessages(catalogs[language], t);
    byLanguage.set(language, language === 'fr' ? withFrenchElision(translate, (name) => I18NEXT_OPTIONS.has(name)) : translate);
  }
  return {
    forLanguage(language) {
      return byLanguage.get(language) ?? byLanguage.get(DEFAULT_LANGUAGE)!;
    },
  };
}

/** Values that are i18next options (plurals, context, defaults…) rather than placeholders' values. */
const I18NEXT_OPTIONS = new Set(['count', 'context', 'defaultValue', 'lng', 'lngs', 'ns', 'ordinal', 'replace', 'interpolation', 'postProcess', 'returnObjects', 'returnDetails', 'joinArrays', 'keyPrefix', 'fallbackLng']);

/**
 * A language's `Translate`: plain strings and `{{name}}` placeholders are answered from compiled
 * catalog strings (pages ask for hundreds, and a full i18next resolution cost most of a page's
 * rendering); plurals, missing keys and missing values go to i18next, which stays the reference.
 */
function withCompiledMessages(catalog: Catalog, t: TFunction): Translate {
  const compiled = new Map<string, CompiledMessage | null>();
  const reference = viaI18next(t);
  return (key, values) => {
    if (values !== undefined && Object.keys(values).some((name) => I18NEXT_OPTIONS.has(name))) return reference(key, values);
    let message = compiled.get(key);
    if (message === undefined) {
      const template = catalogString(catalog, key);
      // Only the catalog's own keys are kept, so the map stays as small as the catalog.
      if (template === undefined) return reference(key, values);
      message = compileMessage(template) ?? null;
      compiled.set(key, message);
    }
    return (message && fillMessage(message, values)) ?? reference(key, values);
  };
}

/** Every call answered by i18next itself. */
function viaI18next(t: TFunction): Translate {
  return (key, values) => String(t(key, values ?? {}));
}

/** The string at a dotted key of a catalog, if there is one. */
function catalogString(catalog: Catalog, key: string): string | undefined {
  let node: string | Catalog | undefined = catalog;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}
