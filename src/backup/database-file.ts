import fs from 'node:fs';
import type { DatabaseTarget } from '../config/database-url.js';
import { BackupRefused } from './backup-refused.js';
import { clientConnection, loadDump } from './mariadb-client.js';
import { backUpMariadb, dropMariadbTables, dumpFacts, mariadbTableCounts, mariadbTables } from './mariadb-snapshot.js';
import type { SnapshotFacts } from './snapshot-facts.js';
import { backUpSqlite, restoreSqlite, sqliteFacts, sqliteTableCounts, sqliteTables } from './sqlite-snapshot.js';

/** The file name of a database snapshot inside a backup folder, by engine. */
export function snapshotFileName(engine: DatabaseTarget['kind']): 'database.sqlite' | 'database.sql' {
  return engine === 'sqlite' ? 'database.sqlite' : 'database.sql';
}

function fileOf(target: DatabaseTarget): string {
  if (target.kind !== 'sqlite') throw new Error('not an SQLite target');
  if (target.file === ':memory:') throw new BackupRefused('an in-memory SQLite database cannot be backed up or restored: set DATABASE_URL to a file');
  return target.file;
}

/** Takes the database snapshot into `file` and reads its facts from the snapshot itself. */
export async function snapshotDatabase(target: DatabaseTarget, file: string): Promise<SnapshotFacts> {
  if (target.kind === 'sqlite') {
    if (!fs.existsSync(fileOf(target))) throw new BackupRefused(`there is no database at ${fileOf(target)}: check DATABASE_URL and ECARNET_DATA_DIR`);
    await backUpSqlite(fileOf(target), file);
    return sqliteFacts(file);
  }
  await backUpMariadb(clientConnection(target.url, target.database), file);
  return dumpFacts(file);
}

/** The tables the target database already holds (none for a new file or a new database). */
export async function targetTables(target: DatabaseTarget): Promise<string[]> {
  return target.kind === 'sqlite' ? sqliteTables(fileOf(target)) : mariadbTables(target.url, target.database);
}

/** Replaces the target database's content with the snapshot in `file`. */
export async function loadSnapshot(target: DatabaseTarget, file: string): Promise<void> {
  if (target.kind === 'sqlite') {
    await restoreSqlite(file, fileOf(target));
    return;
  }
  await dropMariadbTables(target.url, target.database);
  await loadDump(clientConnection(target.url, target.database), file);
}

/** Rows per table of the target database (null for a missing table). */
export async function targetTableCounts(target: DatabaseTarget, tables: readonly string[]): Promise<Record<string, number | null>> {
  return target.kind === 'sqlite' ? sqliteTableCounts(fileOf(target), tables) : mariadbTableCounts(target.url, target.database, tables);
}
