import path from 'node:path';

/** Where the data lives: the embedded SQLite file, or a MariaDB/MySQL server. */
export type DatabaseTarget =
  | { kind: 'sqlite'; file: string }
  | { kind: 'mysql'; url: string; database: string };

/**
 * Reads `DATABASE_URL`. Without one, the embedded database is a file in the data directory.
 * Accepted forms: `mysql://user:pass@host:3306/db`, `mariadb://…` (same driver),
 * `sqlite:relative/file.sqlite`, `sqlite:///absolute/file.sqlite`, `sqlite::memory:`.
 * Returns an error sentence instead of throwing, so every configuration error can be listed at once.
 */
export function parseDatabaseUrl(raw: string | undefined, dataDir: string): DatabaseTarget | string {
  if (raw === undefined || raw.trim() === '') {
    return { kind: 'sqlite', file: path.join(dataDir, 'e-carnet.sqlite') };
  }
  const value = raw.trim();
  if (value.startsWith('sqlite:')) {
    const rest = value.slice('sqlite:'.length).replace(/^\/\//, '');
    if (rest === '') return 'DATABASE_URL: a sqlite URL needs a file, e.g. sqlite:data/e-carnet.sqlite';
    if (rest === ':memory:') return { kind: 'sqlite', file: ':memory:' };
    return { kind: 'sqlite', file: path.resolve(rest) };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'DATABASE_URL: not a valid URL (expected mysql://user:password@host:3306/database or sqlite:path)';
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    return `DATABASE_URL: unsupported scheme "${url.protocol}" (use mysql://, mariadb:// or sqlite:)`;
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database === '') return 'DATABASE_URL: the URL names no database (…:3306/<database>)';
  if (url.hostname === '') return 'DATABASE_URL: the URL names no host';
  url.protocol = 'mysql:';
  return { kind: 'mysql', url: url.toString(), database };
}
