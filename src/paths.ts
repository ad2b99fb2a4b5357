import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root folder (where package.json is), found from this file, so views and static
 * files resolve the same way from `src/` (tsx) and from `dist/src/` (compiled).
 */
function findProjectRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(folder, 'package.json'))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    folder = parent;
  }
  return folder;
}

/** The folder holding package.json. */
export const PROJECT_ROOT = findProjectRoot();
/** Handlebars templates. */
export const VIEWS_DIR = path.join(PROJECT_ROOT, 'views');
/** Static files served under /static. */
export const PUBLIC_DIR = path.join(PROJECT_ROOT, 'public');
/** Interface catalogs, one folder per language. */
export const LOCALES_DIR = path.join(PROJECT_ROOT, 'locales');
/** The manifest an ENT reads, before its URLs are made absolute. */
export const MANIFEST_FILE = path.join(PROJECT_ROOT, 'manifest.json');
