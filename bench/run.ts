/*
 * `npm run bench`: each benchmark against its raw baseline, in one run, on MariaDB.
 * BENCH_DATABASE_URL (default mysql://root@127.0.0.1:3306/ecarnet_bench) is emptied first.
 * BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WARMUP_SECONDS and BENCH_ROUNDS tune the load.
 */
import mysql from 'mysql2/promise';
import { createDataSource } from '../src/db/data-source.js';
import { runPendingMigrations } from '../src/db/migrate.js';
import { parseDatabaseUrl } from '../src/config/database-url.js';
import { seedDemoSchool } from '../src/demo/seed-demo-school.js';
import { loadOptionsFromEnv } from './harness.js';
import { benchParentPage } from './parent-page.js';
import { benchLtiLaunch } from './lti-launch.js';
import { benchRosterImport } from './identity-roster.js';
import { benchIdentitySignIns } from './identity-sign-in.js';
import { benchPhotoIngest } from './media-photo.js';
import { benchPortfolioTimeline } from './portfolio-timeline.js';
import { benchVideoUpload } from './media-upload.js';
import { benchKillDuringSends } from './messaging-kill.js';
import { seedBenchSchool } from './messaging-school.js';
import { benchMessagingSend } from './messaging-send.js';
import { startSmtpSink } from './smtp-sink.js';
import { seedPortfolioSchool } from './portfolio-seed.js';
import { benchSharingScan } from './sharing-scan.js';

const THROUGHPUT_TARGET = 0.6;

const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/ecarnet_bench';
const target = parseDatabaseUrl(databaseUrl, '.');
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
await seedDemoSchool(dataSource, new Date());

const options = loadOptionsFromEnv({ connections: 32, seconds: 5, warmupSeconds: 3, rounds: 3 });
// BENCH_ONLY=messaging runs the messaging benchmarks alone.
const only = process.env.BENCH_ONLY;
const ratio = only === 'messaging' ? 1 : await benchParentPage(dataSource, target.url, options);
if (only !== 'messaging') {
  await benchLtiLaunch(dataSource, target.url, options);
  await benchIdentitySignIns(target.url);
}
const rosterMet = only === 'messaging' ? true : await benchRosterImport(dataSource);
let timelineMet = true;
let scanMet = true;
if (only !== 'messaging') {
  const seedStarted = Date.now();
  const seededPortfolio = await seedPortfolioSchool(dataSource, new Date());
  process.stdout.write(`\nPortfolio school seeded (1,000 children, 50,000 entries) in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s\n`);
  timelineMet = await benchPortfolioTimeline(dataSource, target.url, options, seededPortfolio);
  scanMet = await benchSharingScan(dataSource, target.url, options, seededPortfolio);
}

const messagingSchool = await seedBenchSchool(dataSource);
const sink = await startSmtpSink();
const sendMet = await benchMessagingSend(dataSource, target.url, messagingSchool, sink, Number(process.env.BENCH_MESSAGES ?? 300));
const killMet = await benchKillDuringSends(dataSource, target.url, messagingSchool, sink);
await sink.close();
await dataSource.destroy();
// Media needs no database: photo ingest p50 and the server's RSS during a 300 MB upload.
const photoMet = only === 'messaging' ? true : await benchPhotoIngest();
const uploadMet = only === 'messaging' ? true : await benchVideoUpload();

const met = ratio >= THROUGHPUT_TARGET && sendMet && killMet;
if (only !== 'messaging') {
  process.stdout.write(`\nTarget: ≥ ${THROUGHPUT_TARGET * 100} % of the raw baseline's throughput — ${ratio >= THROUGHPUT_TARGET ? 'met' : 'NOT met'}\n`);
}
process.stdout.write(`Messaging targets — ${sendMet && killMet ? 'met' : 'NOT met'}\n`);
process.exit((met && rosterMet && timelineMet && scanMet && photoMet && uploadMet) || process.env.BENCH_ENFORCE !== '1' ? 0 : 1);
