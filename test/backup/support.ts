import fs from 'node:fs';
import type { DataSource } from 'typeorm';
import type { DatabaseTarget } from '../../src/config/database-url.js';
import { createDataSource } from '../../src/db/data-source.js';
import { scratchDatabaseTarget, testDataSource } from '../support/database.js';

/**
 * An empty database to restore into, on the run's engine: a fresh SQLite file, or a scratch
 * MariaDB database dropped first (never the shared test database other suites use).
 */
export async function emptyScratchTarget(suffix: string): Promise<DatabaseTarget> {
  const target = await scratchDatabaseTarget(suffix);
  if (target.kind === 'sqlite') {
    for (const file of [target.file, `${target.file}-wal`, `${target.file}-shm`]) fs.rmSync(file, { force: true });
  } else {
    await testDataSource().query(`DROP DATABASE IF EXISTS \`${target.database}\``);
    return scratchDatabaseTarget(suffix);
  }
  return target;
}

/** Runs `work` with a data source opened on `target`, closing it after. */
export async function withDataSource<T>(target: DatabaseTarget, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = createDataSource(target);
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** The storage keys that rows of a database reference. */
export async function referencedKeys(dataSource: DataSource): Promise<string[]> {
  const keys: string[] = [];
  for (const table of ['portfolio_medium', 'message_file']) {
    const rows = (await dataSource.query(`SELECT originalKey, screenKey, thumbnailKey FROM ${table}`)) as Record<string, string | null>[];
    for (const row of rows) for (const key of Object.values(row)) if (key) keys.push(key);
  }
  return keys.sort();
}
