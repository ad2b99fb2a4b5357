import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../src/config/database-url.js';
import { createDataSource } from '../src/db/data-source.js';
import { runPendingMigrations } from '../src/db/migrate.js';

/**
 * The benchmark's MariaDB database (`BENCH_DATABASE_URL`), created if needed, emptied and migrated.
 * Stops the process when the URL is not a MariaDB/MySQL one.
 */
export async function openBenchDatabase(): Promise<{ dataSource: DataSource; url: string }> {
  const target = parseDatabaseUrl(process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/ecarnet_bench', '.');
  if (typeof target === 'string' || target.kind !== 'mysql') {
    process.stderr.write(`BENCH_DATABASE_URL must be a MariaDB/MySQL URL (${typeof target === 'string' ? target : 'sqlite given'})\n`);
    process.exit(2);
  }
  const server = new URL(target.url);
  server.pathname = '/';
  const admin = await mysql.createConnection({ uri: server.toString() });
  await admin.query(`CREATE DATABASE IF NOT EXISTS \`${target.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const dataSource = createDataSource(target);
  await dataSource.initialize();
  await dataSource.dropDatabase();
  await runPendingMigrations(dataSource);
  return { dataSource, url: target.url };
}
