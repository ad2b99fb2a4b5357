import { performance } from 'node:perf_hooks';
import type { LtiPlatformSimulator, SimMessage } from '../test/support/lti-platform.js';

/** One load run of complete launches. */
export interface LaunchMeasurement {
  readonly name: string;
  readonly launchesPerSecond: number;
  /** Launches completed (of a median, their sum over the runs). */
  readonly launches: number;
  readonly p50: number;
  readonly p99: number;
  /** Launches that failed, 429 refusals included. */
  readonly errors: number;
  /** Of the errors, refusals for too many requests (429). */
  readonly throttled: number;
}

/** A server to launch: its base URL, where `/lti/login` and `/lti/launch` answer. */
export interface LaunchTarget {
  readonly name: string;
  readonly url: string;
}

/** A launch refused with an HTTP status. */
export class LaunchRefused extends Error {
  constructor(readonly status: number, step: string) {
    super(`${step} answered ${status}`);
  }
}

/**
 * The one address every launch comes from, as a school's proxy forwards it: the servers trust the
 * bench as their proxy, and every pupil of a school reaches them through the same address.
 */
export const SCHOOL_ADDRESS = '10.59.0.1';

/**
 * One complete launch, as a browser and its ENT do it: the login initiation (302 with the state
 * cookie), the platform signing an id_token with the tool's nonce (RS256, as the real platform
 * would: this costs the load generator a signature), and the form post of the launch, which must
 * answer 303 with a session cookie.
 */
export async function completeLaunch(target: LaunchTarget, platform: LtiPlatformSimulator, message: SimMessage): Promise<void> {
  const login = await fetch(`${target.url}/lti/login?${new URLSearchParams(platform.loginParameters(message)).toString()}`, {
    redirect: 'manual',
    headers: { 'x-forwarded-for': SCHOOL_ADDRESS },
  });
  await login.arrayBuffer();
  const location = login.headers.get('location');
  if (login.status !== 302 || !location) throw new LaunchRefused(login.status, 'login');
  const query = new URL(location).searchParams;
  const state = query.get('state') ?? '';
  const cookie = login.headers.getSetCookie().find((line) => line.startsWith('ecarnet_lti_state_'))?.split(';')[0] ?? '';
  const idToken = await platform.sign(platform.claimsFor(message, query.get('nonce') ?? ''));
  const launch = await fetch(`${target.url}/lti/launch`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': SCHOOL_ADDRESS },
    body: new URLSearchParams({ id_token: idToken, state }).toString(),
  });
  await launch.arrayBuffer();
  if (launch.status !== 303 || !launch.headers.getSetCookie().some((line) => line.startsWith('ecarnet_session='))) {
    throw new LaunchRefused(launch.status, 'launch');
  }
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

function summary(name: string, latencies: number[], elapsedSeconds: number, errors: number, throttled: number): LaunchMeasurement {
  latencies.sort((a, b) => a - b);
  return {
    name,
    launchesPerSecond: latencies.length / elapsedSeconds,
    launches: latencies.length,
    p50: Math.round(percentile(latencies, 0.5)),
    p99: Math.round(percentile(latencies, 0.99)),
    errors,
    throttled,
  };
}

/**
 * Closed loop (throughput): `connections` browsers launching one after another for `seconds`,
 * each as the next user of the list. Its latencies are those of a saturated server.
 */
export async function measureLaunches(
  target: LaunchTarget,
  platform: LtiPlatformSimulator,
  messages: readonly SimMessage[],
  load: { connections: number; seconds: number },
): Promise<LaunchMeasurement> {
  const latencies: number[] = [];
  let errors = 0;
  let throttled = 0;
  const started = performance.now();
  const deadline = started + load.seconds * 1000;
  await Promise.all(
    Array.from({ length: load.connections }, async (_, worker) => {
      for (let index = worker; performance.now() < deadline; index += load.connections) {
        const begin = performance.now();
        try {
          await completeLaunch(target, platform, messages[index % messages.length]!);
          latencies.push(performance.now() - begin);
        } catch (error) {
          errors += 1;
          if (error instanceof LaunchRefused && error.status === 429) throttled += 1;
        }
      }
    }),
  );
  return summary(target.name, latencies, (performance.now() - started) / 1000, errors, throttled);
}

/**
 * Open loop (latency): launches start at a fixed rate whatever the server's pace, as pupils
 * arrive, and each latency counts from when its launch was due (a server falling behind shows in
 * the figures instead of slowing the load down). At most `maxInFlight` launches are open at once;
 * a launch that could not start in time counts as an error.
 */
export async function measureOpenLoop(
  target: LaunchTarget,
  platform: LtiPlatformSimulator,
  messages: readonly SimMessage[],
  load: { launchesPerSecond: number; seconds: number; maxInFlight?: number },
): Promise<LaunchMeasurement> {
  const latencies: number[] = [];
  let errors = 0;
  let throttled = 0;
  let inFlight = 0;
  const maxInFlight = load.maxInFlight ?? 256;
  const total = Math.max(1, Math.round(load.launchesPerSecond * load.seconds));
  const interval = 1000 / load.launchesPerSecond;
  const started = performance.now();
  const running: Promise<void>[] = [];
  for (let index = 0; index < total; index += 1) {
    const due = started + index * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (inFlight >= maxInFlight) {
      errors += 1;
      continue;
    }
    inFlight += 1;
    running.push(
      completeLaunch(target, platform, messages[index % messages.length]!)
        .then(() => {
          latencies.push(performance.now() - due);
        })
        .catch((error: unknown) => {
          errors += 1;
          if (error instanceof LaunchRefused && error.status === 429) throttled += 1;
        })
        .finally(() => {
          inFlight -= 1;
        }),
    );
  }
  await Promise.all(running);
  return summary(target.name, latencies, (performance.now() - started) / 1000, errors, throttled);
}

/** The median of each figure over several runs. */
export function medianOfRuns(name: string, runs: readonly LaunchMeasurement[]): LaunchMeasurement {
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  };
  return {
    name,
    launchesPerSecond: median(runs.map((run) => run.launchesPerSecond)),
    launches: runs.reduce((sum, run) => sum + run.launches, 0),
    p50: median(runs.map((run) => run.p50)),
    p99: median(runs.map((run) => run.p99)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    throttled: runs.reduce((sum, run) => sum + run.throttled, 0),
  };
}
