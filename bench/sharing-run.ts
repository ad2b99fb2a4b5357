/*
 * `npx tsx bench/sharing-run.ts`: the portfolio benchmarks alone — the timeline against its raw
 * baseline, and scan-to-first-page against the account-based page — on the seeded 1,000-child
 * school. BENCH_DATABASE_URL (default mysql://root@127.0.0.1:3306/ecarnet_bench) is emptied first.
 * `npm run bench` runs them too. Fails only with BENCH_ENFORCE=1.
 */
import { openBenchDatabase } from './bench-database.js';
import { loadOptionsFromEnv } from './harness.js';
import { seedPortfolioSchool } from './portfolio-seed.js';
import { benchPortfolioTimeline } from './portfolio-timeline.js';
import { benchSharingScan } from './sharing-scan.js';

const { dataSource, url: databaseUrl } = await openBenchDatabase();
const seeded = await seedPortfolioSchool(dataSource, new Date());
const options = loadOptionsFromEnv({ connections: 32, seconds: 5, warmupSeconds: 3, rounds: 3 });
const timelineMet = await benchPortfolioTimeline(dataSource, databaseUrl, options, seeded);
const scanMet = await benchSharingScan(dataSource, databaseUrl, options, seeded);
await dataSource.destroy();
process.exit((timelineMet && scanMet) || process.env.BENCH_ENFORCE !== '1' ? 0 : 1);
