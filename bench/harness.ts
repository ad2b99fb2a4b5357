import type { DataSource } from 'typeorm';
import { SessionStore } from '../src/auth/session-store.js';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { PROJECT_ROOT } from '../src/paths.js';

/** One load run's figures. */
export interface Measurement {
  readonly name: string;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly non2xx: number;
}

export interface LoadOptions {
  readonly connections: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** Subject and baseline are measured in alternation this many times; medians are reported. */
  readonly rounds: number;
}

/** Load options from the environment: BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WARMUP_SECONDS. */
export function loadOptionsFromEnv(defaults: LoadOptions): LoadOptions {
  const read = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
  return {
    connections: read('BENCH_CONNECTIONS', defaults.connections),
    seconds: read('BENCH_SECONDS', defaults.seconds),
    warmupSeconds: read('BENCH_WARMUP_SECONDS', defaults.warmupSeconds),
    rounds: read('BENCH_ROUNDS', defaults.rounds),
  };
}

/** Something to load: a URL with the headers of its requests. */
export interface Target {
  readonly name: string;
  readonly url: string;
  readonly headers: Record<string, string>;
}

async function measureOnce(target: Target, options: LoadOptions): Promise<Measurement> {
  const result = await autocannon({ url: target.url, headers: target.headers, connections: options.connections, duration: options.seconds });
  return {
    name: target.name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function medianOf(name: string, runs: Measurement[]): Measurement {
  return {
    name,
    requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
    p50: median(runs.map((run) => run.p50)),
    p99: median(runs.map((run) => run.p99)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
  };
}

/**
 * Measures a subject and its baseline in alternation, round after round, after warming both up,
 * so that drift of a shared machine touches both alike; returns the medians.
 */
export async function measurePair(subject: Target, baseline: Target, options: LoadOptions): Promise<[Measurement, Measurement]> {
  for (const target of [subject, baseline]) {
    if (options.warmupSeconds > 0) {
      await autocannon({ url: target.url, headers: target.headers, connections: options.connections, duration: options.warmupSeconds });
    }
  }
  const subjectRuns: Measurement[] = [];
  const baselineRuns: Measurement[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    subjectRuns.push(await measureOnce(subject, options));
    baselineRuns.push(await measureOnce(baseline, options));
  }
  return [medianOf(subject.name, subjectRuns), medianOf(baseline.name, baselineRuns)];
}

/**
 * Starts a server script of `bench/servers/` under tsx in its own process and waits for the line
 * `listening <url>`. `nodeFlags` go to Node (e.g. `--expose-gc`), `args` to the script.
 */
export async function startServerProcess(
  script: string,
  env: Record<string, string>,
  options: { nodeFlags?: readonly string[]; args?: readonly string[] } = {},
): Promise<{ url: string; process: ChildProcess }> {
  const scriptPath = path.join(PROJECT_ROOT, 'bench', 'servers', script);
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), '--import', 'tsx', scriptPath, ...(options.args ?? [])], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening (http:\/\/\S+)/.exec(seen);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before listening`)));
  });
  // Keep draining stdout (request logs) so the server never blocks on a full pipe.
  child.stdout!.resume();
  return { url, process: child };
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

/** Prints a comparison of a measured page against its raw baseline; returns the throughput ratio. */
export function printComparison(title: string, subject: Measurement, baseline: Measurement, options: LoadOptions): number {
  const ratio = subject.requestsPerSecond / baseline.requestsPerSecond;
  const line = (m: Measurement) =>
    `  ${m.name.padEnd(34)} ${m.requestsPerSecond.toFixed(0).padStart(7)} req/s   p50 ${String(m.p50).padStart(4)} ms   p99 ${String(m.p99).padStart(4)} ms   errors ${m.errors + m.non2xx}`;
  process.stdout.write(
    `\n${title}\n  (${options.connections} connections; medians of ${options.rounds} alternating runs of ${options.seconds} s, after ${options.warmupSeconds} s warm-up)\n` +
      `${line(subject)}\n${line(baseline)}\n` +
      `  throughput ratio: ${(ratio * 100).toFixed(1)} % of the raw baseline\n`,
  );
  return ratio;
}

export { freePort } from '../test/support/free-port.js';

/** Request headers of a signed-in person: a session opened directly in the database, in French. */
export async function signedInHeaders(dataSource: DataSource, personId: string): Promise<Record<string, string>> {
  const { token } = await new SessionStore(dataSource, { idleMinutes: 24 * 60, maxHours: 24 }).create(new Date(), { personId, signInMethod: 'bench' });
  return { cookie: `ecarnet_session=${token}`, 'accept-language': 'fr' };
}

/** The module as deployed, in its own process, on the benchmark's database (no demo seeding). */
export function startAppServer(databaseUrl: string): Promise<{ url: string; process: ChildProcess }> {
  return startServerProcess('app-server.ts', {
    DATABASE_URL: databaseUrl,
    PORT: '0',
    ECARNET_HOST: '127.0.0.1',
    ECARNET_DEMO_SEED: 'false',
    ECARNET_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
  });
}
