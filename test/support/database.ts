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
 * The mocha worker this process is (`--parallel` sets MOCHA_WORKER_ID: 0, 1, …), or undefined in
 * a serial run. Each worker runs its share of the spec files on a database of its own.
 */
export function mochaWorkerId(): number | undefined {
  const id = process.env.MOCHA_WORKER_ID;
  return id === undefined || id === '' ? undefined : Number(id);
}

/** Test databases are emptied: their names must say so (a production DATABASE_URL left in a shell is refused). */
const TEST_DATABASE_NAME = /(test|ci|bench|review|scratch)/i;

/**
 * The database this test run uses: `TEST_DATABASE_URL=sqlite` (a fresh file in a temporary
 * folder, one per process) or a MariaDB/MySQL URL. Set by `scripts/run-tests.mjs`. In a parallel
 * run, worker N uses `<database>_wN` on the same server, reused (emptied and migrated) by the next run.
 */
export function testDatabaseTarget(): DatabaseTarget {
  const url = process.env.TEST_DATABASE_URL ?? 'sqlite';
  if (url === 'sqlite') {
    tempDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'e-carnet-test-'));
    return { kind: 'sqlite', file: path.join(tempDir, 'test.sqlite') };
  }
  const target = parseDatabaseUrl(url, os.tmpdir());
  if (typeof target === 'string') throw new Error(target);
  const worker = mochaWorkerId();
  return target.kind === 'mysql' && worker !== undefined ? siblingDatabase(target, `w${worker}`) : target;
}

/** `<database>_<suffix>` on the same server as `target`. */
function siblingDatabase(target: DatabaseTarget & { kind: 'mysql' }, suffix: string): DatabaseTarget & { kind: 'mysql' } {
  const database = `${target.database}_${suffix}`;
  // MariaDB's limit: a longer name would fail later with a less clear message.
  if (database.length > 64) throw new Error(`test database name "${database}" is longer than 64 characters: shorten the one in DATABASE_URL`);
  const url = new URL(target.url);
  url.pathname = `/${database}`;
  return { kind: 'mysql', url: url.toString(), database };
}

/**
 * A second, empty database on the same engine, for tests that must not touch the shared one
 * (migrations going down drop every table). Created when missing.
 */
export async function scratchDatabaseTarget(suffix: string): Promise<DatabaseTarget> {
  const target = testDatabaseTarget();
  if (target.kind === 'sqlite') return { kind: 'sqlite', file: target.file.replace(/\.sqlite$/, `-${suffix}.sqlite`) };
  const scratch = siblingDatabase(target, suffix);
  await testDataSource().query(`CREATE DATABASE IF NOT EXISTS \`${scratch.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  return scratch;
}

let shared: DataSource | undefined;

/** The run's data source, migrated from an empty schema once before the first test. */
export function testDataSource(): DataSource {
  if (!shared) throw new Error('the test database is opened by the root hooks (test/support/root-hooks.ts)');
  return shared;
}

/**
 * Empties and migrates the run's database, once per process: a parallel worker runs the root
 * hooks again for every spec file it is given, and keeps the database it opened for the first.
 */
export async function openTestDatabase(): Promise<void> {
  if (shared) return;
  const target = testDatabaseTarget();
  // The run empties this database: refuse one that does not look like a test database, in case
  // DATABASE_URL still points at real data. A worker's database is checked too, not only the base name.
  if (target.kind === 'mysql' && !TEST_DATABASE_NAME.test(target.database)) {
    throw new Error(`refusing to empty database "${target.database}": name a test database (…_test, …_ci) in DATABASE_URL`);
  }
  if (target.kind === 'mysql') await createDatabaseIfMissing(target.url, target.database);
  const dataSource = createDataSource(target);
  await dataSource.initialize();
  await dataSource.dropDatabase();
  await runPendingMigrations(dataSource);
  shared = dataSource;
}

/**
 * Empties a database completely, for a test that must start from nothing (an empty production
 * database): a MariaDB/MySQL database is dropped and created again in utf8mb4, an SQLite file
 * and its journal are deleted.
 */
export async function recreateDatabase(target: DatabaseTarget): Promise<void> {
  if (target.kind === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${target.file}${suffix}`, { force: true });
    return;
  }
  const server = new URL(target.url);
  server.pathname = '/';
  const connection = await mysql.createConnection({ uri: server.toString() });
  await connection.query(`DROP DATABASE IF EXISTS \`${target.database}\``);
  await connection.query(`CREATE DATABASE \`${target.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await connection.end();
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
  removeTestDatabaseFiles();
}

/** Removes the SQLite temp folder (synchronous: also called as the process exits). */
export function removeTestDatabaseFiles(): void {
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}
