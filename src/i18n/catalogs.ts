import fs from 'node:fs';
import path from 'node:path';
import { LOCALES_DIR } from '../paths.js';
import { UI_LANGUAGES, type UiLanguage } from './languages.js';

/** A catalog: nested keys down to strings. */
export type Catalog = { [key: string]: string | Catalog };

/**
 * Reads `locales/<language>/*.json` and merges the files of each language into one catalog.
 * Each capability keeps its strings in its own file (core.json, identity.json, lti.json…); two
 * files defining the same key is an error, found at start rather than shown as a wrong string.
 */
export function loadCatalogs(folder: string = LOCALES_DIR): Record<UiLanguage, Catalog> {
  const catalogs = {} as Record<UiLanguage, Catalog>;
  for (const language of UI_LANGUAGES) {
    const merged: Catalog = {};
    const directory = path.join(folder, language);
    for (const file of fs.readdirSync(directory).filter((name) => name.endsWith('.json')).sort()) {
      const content = JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8')) as Catalog;
      mergeInto(merged, content, `${language}/${file}`, '');
    }
    catalogs[language] = merged;
  }
  return catalogs;
}

function mergeInto(target: Catalog, source: Catalog, file: string, prefix: string): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (typeof value === 'string') {
      if (existing !== undefined) throw new Error(`${file}: the key ${prefix}${key} is defined twice`);
      target[key] = value;
    } else {
      if (typeof existing === 'string') throw new Error(`${file}: the key ${prefix}${key} is defined twice`);
      const branch = existing ?? {};
      target[key] = branch;
      mergeInto(branch, value, file, `${prefix}${key}.`);
    }
  }
}
