import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { parseDatabaseUrl, type DatabaseTarget } from '../../src/config/database-url.js';
import { createDataSource } from '../../src/db/data-source.js';
import { runPendingMigrations } from '../../src/db/migrate.js';

let tempDir: string | undefined;

/**
 * The database this test run uses: `TEST_DATABASE_URL=sqlite` (a fresh file in a temporary
 * folder) or a MariaDB/MySQL URL. Set by `scripts/run-tests.mjs`.
 */
export function testDatabaseTarget(): DatabaseTarget {
  const url = process.env.TEST_DATABASE_URL ?? 'sqlite';
  if (url === 'sqlite') {
    tempDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'e-carnet-test-'));
    return { kind: 'sqlite', file: path.join(tempDir, 'test.sqlite') };
  }
  const target = parseDatabaseUrl(url, os.tmpdir());
  if (typeof target === 'string') throw new Error(target);
  return target;
}

/**
 * A second, empty database on the same engine, for tests that must not touch the shared one
 * (migrations going down drop every table). Created when missing.
 */
export async function scratchDatabaseTarget(suffix: string): Promise<DatabaseTarget> {
  const target = testDatabaseTarget();
  if (target.kind === 'sqlite') return { kind: 'sqlite', file: target.file.replace(/\.sqlite$/, `-${suffix}.sqlite`) };
  const database = `${target.database}_${suffix}`;
  await testDataSource().query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(target.url);
  url.pathname = `/${database}`;
  return { kind: 'mysql', url: url.toString(), database };
}

let shared: DataSource | undefined;

/** The run's data source, migrated from an empty schema once before the first test. */
export function testDataSource(): DataSource {
  if (!shared) throw new Error('the test database is opened by the root hooks (test/support/root-hooks.ts)');
  return shared;
}

export async function openTestDatabase(): Promise<void> {
  const target = testDatabaseTarget();
  // The run empties this database: refuse one that does not look like a test database, in case
  // DATABASE_URL still points at real data.
  if (target.kind === 'mysql' && !/(test|ci|bench|review|scratch)/i.test(target.database)) {
    throw new Error(`refusing to empty database "${target.database}": name a test database (…_test, …_ci) in DATABASE_URL`);
  }
  if (target.kind === 'mysql') await createDatabaseIfMissing(target.url, target.database);
  const dataSource = createDataSource(target);
  await dataSource.initialize();
  await dataSource.dropDatabase();
  await runPendingMigrations(dataSource);
  shared = dataSource;
}

/** Lets a run name a database of its own (TEST_DATABASE_URL=…/ecarnet_test_mine) without preparing it. */
async function createDatabaseIfMissing(url: string, database: string): Promise<void> {
  const server = new URL(url);
  server.pathname = '/';
  const connection = await mysql.createConnection({ uri: server.toString() });
  await connection.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await connection.end();
}

export async function closeTestDatabase(): Promise<void> {
  await shared?.destroy();
  shared = undefined;
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}
