/*
 * `npx tsx bench/sharing-run.ts`: the portfolio benchmarks alone — the timeline against its raw
 * baseline, and scan-to-first-page against the account-based page — on the seeded 1,000-child
 * school. BENCH_DATABASE_URL (default mysql://root@127.0.0.1:3306/ecarnet_bench) is emptied first.
 * `npm run bench` runs them too. Fails only with BENCH_ENFORCE=1.
 */
import mysql from 'mysql2/promise';
import { parseDatabaseUrl } from '../src/config/database-url.js';
import { createDataSource } from '../src/db/data-source.js';
import { runPendingMigrations } from '../src/db/migrate.js';
import { loadOptionsFromEnv } from './harness.js';
import { seedPortfolioSchool } from './portfolio-seed.js';
import { benchPortfolioTimeline } from './portfolio-timeline.js';
import { benchSharingScan } from './sharing-scan.js';

const target = parseDatabaseUrl(process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/ecarnet_bench', '.');
if (typeof target === 'string' || target.kind !== 'mysql') {
  process.stderr.write('BENCH_DATABASE_URL must be a MariaDB/MySQL URL\n');
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
const seeded = await seedPortfolioSchool(dataSource, new Date());
const options = loadOptionsFromEnv({ connections: 32, seconds: 5, warmupSeconds: 3, rounds: 3 });
const timelineMet = await benchPortfolioTimeline(dataSource, target.url, options, seeded);
const scanMet = await benchSharingScan(dataSource, target.url, options, seeded);
await dataSource.destroy();
process.exit((timelineMet && scanMet) || process.env.BENCH_ENFORCE !== '1' ? 0 : 1);
