import { performance } from 'node:perf_hooks';
import type { LtiPlatformSimulator, SimMessage } from '../test/support/lti-platform.js';

/** One load run of complete launches. */
export interface LaunchMeasurement {
  readonly name: string;
  readonly launchesPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

/** A server to launch: its base URL, where `/lti/login` and `/lti/launch` answer. */
export interface LaunchTarget {
  readonly name: string;
  readonly url: string;
}

/**
 * One complete launch, as a browser and its ENT do it: the login initiation (302 with the state
 * cookie), the platform signing an id_token with the tool's nonce (RS256, as the real platform
 * would: this costs the load generator a signature), and the form post of the launch, which must
 * answer 303 with a session cookie.
 */
export async function completeLaunch(target: LaunchTarget, platform: LtiPlatformSimulator, message: SimMessage): Promise<void> {
  // Each learner launches from their own address (the servers trust the bench as their proxy):
  // login initiation is rate-limited per address, as it would be for people at home.
  const login = await fetch(`${target.url}/lti/login?${new URLSearchParams(platform.loginParameters(message)).toString()}`, {
    redirect: 'manual',
    headers: { 'x-forwarded-for': addressOf(message.user) },
  });
  await login.arrayBuffer();
  const location = login.headers.get('location');
  if (login.status !== 302 || !location) throw new Error(`login answered ${login.status}`);
  const query = new URL(location).searchParams;
  const state = query.get('state') ?? '';
  const cookie = login.headers.getSetCookie().find((line) => line.startsWith('ecarnet_lti_state_'))?.split(';')[0] ?? '';
  const idToken = await platform.sign(platform.claimsFor(message, query.get('nonce') ?? ''));
  const launch = await fetch(`${target.url}/lti/launch`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ id_token: idToken, state }).toString(),
  });
  await launch.arrayBuffer();
  if (launch.status !== 303 || !launch.headers.getSetCookie().some((line) => line.startsWith('ecarnet_session='))) {
    throw new Error(`launch answered ${launch.status}`);
  }
}

/** A stable private address per user, as a proxy would forward it. */
function addressOf(user: string): string {
  let hash = 0;
  for (const char of user) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `10.${(hash >>> 16) & 255}.${(hash >>> 8) & 255}.${hash & 255}`;
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

/** `connections` browsers launching one after another for `seconds`, each as the next user of the list. */
export async function measureLaunches(
  target: LaunchTarget,
  platform: LtiPlatformSimulator,
  messages: readonly SimMessage[],
  load: { connections: number; seconds: number },
): Promise<LaunchMeasurement> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + load.seconds * 1000;
  await Promise.all(
    Array.from({ length: load.connections }, async (_, worker) => {
      for (let index = worker; performance.now() < deadline; index += load.connections) {
        const begin = performance.now();
        try {
          await completeLaunch(target, platform, messages[index % messages.length]!);
          latencies.push(performance.now() - begin);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name: target.name,
    launchesPerSecond: latencies.length / elapsed,
    p50: Math.round(percentile(latencies, 0.5)),
    p99: Math.round(percentile(latencies, 0.99)),
    errors,
  };
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
    p50: median(runs.map((run) => run.p50)),
    p99: median(runs.map((run) => run.p99)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
  };
}
