import { performance } from 'node:perf_hooks';

/** Throughput and latency of one measured batch. */
export interface SignInMeasurement {
  readonly name: string;
  readonly count: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly failures: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/**
 * Sends prepared requests with `connections` in flight at once and measures each. Sign-ins
 * cannot be replayed (every assertion, code and ticket is single-use), so each request is built
 * beforehand, outside the measurement, and sent exactly once.
 */
export async function measureOnce(name: string, requests: readonly (() => Promise<Response>)[], connections: number): Promise<SignInMeasurement> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(connections, requests.length) }, async () => {
      while (next < requests.length) {
        const send = requests[next++]!;
        const begin = performance.now();
        const response = await send();
        const body = await response.text();
        latencies.push(performance.now() - begin);
        if (response.status !== 303) {
          failures += 1;
          if (failures <= 3) process.stderr.write(`  ${name}: answered ${response.status} ${/[A-Z]+_[A-Z_]+/.exec(body)?.[0] ?? body.slice(0, 120)}\n`);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { name, count: requests.length, perSecond: requests.length / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), failures };
}

/** Prints a measurement line. */
export function printSignIns(title: string, measurement: SignInMeasurement, connections: number): void {
  process.stdout.write(
    `\n${title}\n  (${measurement.count} sign-ins, ${connections} in flight)\n` +
      `  ${measurement.name.padEnd(34)} ${measurement.perSecond.toFixed(0).padStart(7)} sign-ins/s   p50 ${measurement.p50.toFixed(0).padStart(4)} ms   p99 ${measurement.p99.toFixed(0).padStart(4)} ms   failures ${measurement.failures}\n`,
  );
}
