import { isDeepStrictEqual } from 'node:util';
import type { DataSource } from 'typeorm';
import { measurePair, printComparison, signedInHeaders, startAppServer, startServerProcess, stopProcess, type LoadOptions } from './harness.js';
import { seedEngagementSchool } from './engagement-seed.js';

/** The page's latency target over a school's whole year. */
const P99_TARGET_MS = 300;

/** The answer without its `end` (now, which moves between two requests). */
function withoutEnd(body: unknown): unknown {
  const { end: _end, ...rest } = body as Record<string, unknown>;
  return rest;
}

/**
 * The engagement page of a director over the school year, in a school of 1,000 children, 2,000
 * guardians and ≥ 200,000 receipts, served by e-carnet, beside a raw baseline (node:http +
 * mysql2, the same SQL and the same figures as JSON). The module's JSON answer and the
 * baseline's must be equal before anything is measured. Target: page p99 ≤ 300 ms.
 */
export async function benchEngagement(dataSource: DataSource, databaseUrl: string, options: LoadOptions): Promise<boolean> {
  const seedStarted = Date.now();
  const seeded = await seedEngagementSchool(dataSource, new Date());
  process.stdout.write(`\nEngagement school seeded (1,000 children, 2,000 guardians, ${seeded.receipts.toLocaleString('en')} receipts) in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s\n`);
  const app = await startAppServer(databaseUrl);
  const raw = await startServerProcess('raw-engagement.ts', { DATABASE_URL: databaseUrl });
  try {
    const headers = await signedInHeaders(dataSource, seeded.directorId);
    const apiUrl = `${app.url}/api/v1/schools/${seeded.schoolId}/engagement?period=year`;
    const rawUrl = `${raw.url}/?school=${seeded.schoolId}&period=year`;
    const [module, baseline] = await Promise.all([
      fetch(apiUrl, { headers: { ...headers, accept: 'application/json' } }).then((response) => response.json() as Promise<unknown>),
      fetch(rawUrl).then((response) => response.json() as Promise<unknown>),
    ]);
    if (!isDeepStrictEqual(withoutEnd(module), withoutEnd(baseline))) {
      const describe = (body: unknown) => JSON.stringify(withoutEnd(body)).slice(0, 400);
      process.stdout.write(`Engagement: the module’s figures and the raw baseline’s differ; not measured\n  module:   ${describe(module)}\n  baseline: ${describe(baseline)}\n`);
      return false;
    }
    // A director's page is read by a few people at once, not by a crowd: latency at 2 connections.
    const load = { ...options, connections: Math.min(options.connections, 2) };
    const [page, rawFigures] = await measurePair(
      { name: 'e-carnet engagement page (year)', url: `${app.url}/schools/${seeded.schoolId}/engagement?period=year`, headers: { ...headers, accept: 'text/html' } },
      { name: 'raw SQL figures (same SQL, JSON)', url: rawUrl, headers: {} },
      load,
    );
    printComparison('Engagement indicators: a director’s page over the school year', page, rawFigures, load);
    const met = page.requestsPerSecond > 0 && page.p99 <= P99_TARGET_MS && page.errors + page.non2xx === 0;
    process.stdout.write(`  target: page p99 ≤ ${P99_TARGET_MS} ms — ${met ? 'met' : 'NOT met'}\n`);
    return met;
  } finally {
    await stopProcess(app.process);
    await stopProcess(raw.process);
  }
}
