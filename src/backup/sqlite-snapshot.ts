import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS_TABLE } from '../db/data-source.js';
import { CAPTURED_COLUMNS, SnapshotFactsCollector, type SnapshotFacts } from './snapshot-facts.js';

/** SQLite's own names are not e-carnet's tables. */
const USER_TABLES = `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`;

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Copies a live SQLite database into `destination` with SQLite's online backup API. The copy is
 * made in one step, which is one read transaction: a snapshot of a single instant. In WAL mode a
 * reader blocks no writer, so the server keeps writing meanwhile; and since no other
 * connection's commit can land inside a single step, the copy is never restarted (the API starts
 * over when the source changes between two steps of a stepped copy). The copy is then turned into
 * one self-contained file (rollback journal instead of WAL).
 */
export async function backUpSqlite(source: string, destination: string): Promise<void> {
  const live = new Database(source, { fileMustExist: true });
  try {
    live.pragma('busy_timeout = 5000');
    await live.backup(destination, { progress: () => 0x7fffffff });
  } finally {
    live.close();
  }
  const copy = new Database(destination, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** Reads the facts of an SQLite snapshot file: rows per table, applied migrations, referenced media keys. */
export function sqliteFacts(file: string): SnapshotFacts {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`${file} fails SQLite's quick_check: ${String(check)}`);
    const collector = new SnapshotFactsCollector();
    const tables: Record<string, number> = {};
    for (const { name } of db.prepare(USER_TABLES).all() as { name: string }[]) {
      tables[name] = (db.prepare(`SELECT COUNT(*) AS n FROM ${quoted(name)}`).get() as { n: number }).n;
      const columns = CAPTURED_COLUMNS.get(name);
      if (!columns) continue;
      const select = `SELECT ${columns.map(quoted).join(', ')} FROM ${quoted(name)}`;
      for (const row of db.prepare(select).iterate() as IterableIterator<Record<string, string | null>>) collector.add(name, row);
    }
    if (tables[MIGRATIONS_TABLE] === undefined) throw new Error(`${file} has no ${MIGRATIONS_TABLE} table: not an e-carnet database`);
    return collector.facts(tables);
  } finally {
    db.close();
  }
}

/** The user tables of an SQLite file (none when there is no file yet). */
export function sqliteTables(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(USER_TABLES).all() as { name: string }[]).map((row) => row.name);
  } finally {
    db.close();
  }
}

/**
 * Replaces the content of `target` with the backup file, through the same backup API: it takes the
 * target's locks (a server still using the file makes it fail rather than corrupt it) and rewrites
 * the target whole, whatever it held.
 */
export async function restoreSqlite(backupFile: string, target: string): Promise<void> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const snapshot = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    await snapshot.backup(target, { progress: () => 0x7fffffff });
  } finally {
    snapshot.close();
  }
}

/** Rows per table of an SQLite file, for the check after a restore. */
export function sqliteTableCounts(file: string, tables: readonly string[]): Record<string, number | null> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const present = new Set((db.prepare(USER_TABLES).all() as { name: string }[]).map((row) => row.name));
    return Object.fromEntries(
      tables.map((table) => [table, present.has(table) ? (db.prepare(`SELECT COUNT(*) AS n FROM ${quoted(table)}`).get() as { n: number }).n : null]),
    );
  } finally {
    db.close();
  }
}
