import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UI_LANGUAGES } from '../i18n/languages.js';
import { LOCALES_DIR, PUBLIC_DIR, VIEWS_DIR } from '../paths.js';

/** The service worker's source (public/service-worker.js). */
const WORKER_FILE = path.join(PUBLIC_DIR, 'service-worker.js');

/** What the precached shell is made of: when any of these changes, the worker's version does. */
function shellSources(): string[] {
  const publicFiles = fs.readdirSync(PUBLIC_DIR, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  const localeFiles = UI_LANGUAGES.flatMap((language) => fs.readdirSync(path.join(LOCALES_DIR, language)).map((name) => path.join(LOCALES_DIR, language, name)));
  return [
    ...publicFiles.map((entry) => path.join(entry.parentPath, entry.name)),
    ...localeFiles,
    path.join(VIEWS_DIR, 'layouts', 'main.hbs'),
    path.join(VIEWS_DIR, 'pwa', 'offline.hbs'),
  ].sort();
}

/**
 * The service worker as served: its source preceded by `BUILD`, the version of the shell it
 * precaches (a hash of the files above) and the interface languages whose offline page it keeps.
 * A browser installs a worker again only when its bytes change, so a changed stylesheet, catalog
 * or worker makes a new version, whose activation deletes the previous version's caches.
 */
export function serviceWorkerScript(): string {
  const hash = createHash('sha256');
  for (const file of shellSources()) hash.update(file).update('\u0000').update(fs.readFileSync(file));
  const build = { version: hash.digest('hex').slice(0, 16), languages: UI_LANGUAGES };
  return `const BUILD = ${JSON.stringify(build)};\n${fs.readFileSync(WORKER_FILE, 'utf8')}`;
}
