/*
 * `npx tsx bench/surge-run.ts`: the rentrée surge alone (open loop, mixed workload, knees direct
 * and through HAProxy), on the seeded 1,000-child school. BENCH_DATABASE_URL (default
 * mysql://root@127.0.0.1:3306/ecarnet_bench) is emptied first. `npm run bench` runs it too.
 * Fails only with BENCH_ENFORCE=1.
 */
import { openBenchDatabase } from './bench-database.js';
import { loadOptionsFromEnv } from './harness.js';
import { seedPortfolioSchool } from './portfolio-seed.js';
import { benchRentreeSurge } from './surge.js';

const { dataSource, url: databaseUrl } = await openBenchDatabase();
const seeded = await seedPortfolioSchool(dataSource, new Date());
const options = loadOptionsFromEnv({ connections: 32, seconds: 5, warmupSeconds: 3, rounds: 3 });
const met = await benchRentreeSurge(dataSource, databaseUrl, options, seeded);
await dataSource.destroy();
process.exit(met || process.env.BENCH_ENFORCE !== '1' ? 0 : 1);
