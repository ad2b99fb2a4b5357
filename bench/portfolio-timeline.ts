import type { DataSource } from 'typeorm';
import { measurePair, printComparison, signedInHeaders, startAppServer, startServerProcess, stopProcess, type LoadOptions } from './harness.js';
import type { SeededPortfolio } from './portfolio-seed.js';

const P99_TARGET_MS = 50;
const CONNECTIONS = 64;

/**
 * Benchmark: a parent's portfolio timeline (20 entries with thumbnails) in a school of 1,000
 * children and 50,000 entries, at 64 concurrent connections, against the raw baseline. Both answers
 * are checked to be the same page before measuring. Returns whether both targets are met
 * (≥ 60 % of the baseline's throughput, p99 ≤ 50 ms).
 */
export async function benchPortfolioTimeline(dataSource: DataSource, databaseUrl: string, options: LoadOptions, seeded: SeededPortfolio): Promise<boolean> {
  const headers = await signedInHeaders(dataSource, seeded.parentId);
  const app = await startAppServer(databaseUrl);
  const raw = await startServerProcess('raw-timeline.ts', { DATABASE_URL: databaseUrl });
  try {
    const path = `/children/${seeded.childId}/portfolio`;
    const [fromApp, fromRaw] = await Promise.all([fetch(`${app.url}${path}`, { headers }), fetch(`${raw.url}${path}`, { headers })]);
    const [appHtml, rawHtml] = await Promise.all([fromApp.text(), fromRaw.text()]);
    if (fromApp.status !== 200 || fromRaw.status !== 200) throw new Error(`not 200: app ${fromApp.status}, raw ${fromRaw.status}: ${rawHtml.slice(0, 300)}`);
    const articles = appHtml.match(/<article /g)?.length ?? 0;
    const thumbnails = appHtml.match(/\/thumbnail"/g)?.length ?? 0;
    if (articles !== 20 || thumbnails === 0) throw new Error(`the page shows ${articles} entries and ${thumbnails} thumbnails`);
    if (appHtml !== rawHtml) throw new Error('the raw baseline does not render the same timeline as the module');

    const loadOptions = { ...options, connections: CONNECTIONS };
    const [subject, baseline] = await measurePair(
      { name: 'e-carnet (Express + TypeORM)', url: `${app.url}${path}`, headers },
      { name: 'raw node:http + mysql2', url: `${raw.url}${path}`, headers },
      loadOptions,
    );
    const ratio = printComparison(`Portfolio timeline: 20 entries with ${thumbnails} thumbnails, 50,000 entries in the school, MariaDB`, subject, baseline, loadOptions);
    const met = ratio >= 0.6 && subject.p99 <= P99_TARGET_MS;
    process.stdout.write(`  targets: ≥ 60 % of the baseline and p99 ≤ ${P99_TARGET_MS} ms at ${CONNECTIONS} connections — ${met ? 'met' : 'NOT met'}\n`);
    return met;
  } finally {
    await Promise.all([stopProcess(app.process), stopProcess(raw.process)]);
  }
}
