import { MIGRATIONS } from '../../migrations/index.js';

/** TypeORM names a migration after its class, whose name ends with its timestamp. */
function timestampOf(name: string): number {
  const match = /(\d{13})$/.exec(name);
  return match ? Number(match[1]) : 0;
}

/** The migrations this code knows, oldest first, by the names TypeORM records. */
export function codeMigrations(): string[] {
  return MIGRATIONS.map((migration) => migration.name);
}

/** A schema version as a manifest records it. */
interface SchemaVersion {
  readonly lastMigration: string;
  readonly timestamp: number;
  readonly migrations: string[];
}

/** The schema version of a database, from the names in its migrations table (any order). */
export function schemaVersionOf(applied: readonly string[]): SchemaVersion {
  const migrations = [...applied].sort((a, b) => timestampOf(a) - timestampOf(b));
  const lastMigration = migrations.at(-1);
  if (lastMigration === undefined) throw new Error('the database has no applied migration: there is nothing of e-carnet to back up');
  return { lastMigration, timestamp: timestampOf(lastMigration), migrations };
}

/**
 * Why this code cannot restore a backup of that schema, or null when it can. A schema newer than
 * the code (or holding a migration the code does not know) would be served by code that does not
 * understand its tables; an older one is fine: `migrate` brings it forward after the restore.
 */
export function newerSchemaProblem(backup: SchemaVersion): string | null {
  const known = new Set(codeMigrations());
  const unknown = backup.migrations.filter((name) => !known.has(name));
  const codeLatest = codeMigrations().at(-1) ?? '';
  if (backup.timestamp > timestampOf(codeLatest) || unknown.length > 0) {
    return (
      `the backup's schema (${backup.lastMigration}) is newer than this code's (${codeLatest})` +
      (unknown.length > 0 ? `: unknown migration(s) ${unknown.join(', ')}` : '') +
      '. Restore it with the e-carnet version that made it, or a later one.'
    );
  }
  return null;
}
