/*
 * `npx tsx bench/engagement-run.ts`: the engagement benchmark alone (see bench/engagement.ts).
 * BENCH_DATABASE_URL (default mysql://root@127.0.0.1:3306/ecarnet_bench) is emptied first.
 */
import { openBenchDatabase } from './bench-database.js';
import { benchEngagement } from './engagement.js';
import { loadOptionsFromEnv } from './harness.js';

const { dataSource, url } = await openBenchDatabase();
const met = await benchEngagement(dataSource, url, loadOptionsFromEnv({ connections: 8, seconds: 5, warmupSeconds: 2, rounds: 2 }));
await dataSource.destroy();
process.exit(met || process.env.BENCH_ENFORCE !== '1' ? 0 : 1);
