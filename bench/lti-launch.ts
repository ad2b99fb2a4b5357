import type { DataSource } from 'typeorm';
import { systemClock } from '../src/clock.js';
import { runInTransaction } from '../src/db/transaction.js';
import { ensureDeployment, insertPlatform } from '../src/lti/platforms/registry.js';
import { School } from '../src/model/index.js';
import type { StatementCount } from '../test/support/count-statements.js';
import { LtiPlatformSimulator, ROLE, type SimMessage } from '../test/support/lti-platform.js';
import { startServerProcess, stopProcess, type LoadOptions, freePort } from './harness.js';
import {
  completeLaunch,
  measureLaunches,
  measureOpenLoop,
  medianOfRuns,
  SCHOOL_ADDRESS,
  type LaunchMeasurement,
  type LaunchTarget,
} from './lti-launch-load.js';
import { countLaunchRoundTrips, type LaunchRoundTrips } from './lti-launch-round-trips.js';
import { BENCH_LOGINS_PER_MINUTE, seedBenchRoster } from './lti-school-roster.js';
import { processCpuMs } from './process-cpu.js';

const LEARNERS = 200;
const CONTEXT_ID = 'bench-cm2';
/** A school's pupils starting lessons together: 16 browsers at once, unless BENCH_LTI_CONNECTIONS says otherwise. */
const CONNECTIONS = Number(process.env.BENCH_LTI_CONNECTIONS ?? 16);
/** The open-loop run arrives at this share of the raw baseline's closed-loop throughput. */
const OPEN_LOOP_SHARE = 0.5;

/** The targets of the LTI launch benchmark. */
export const LTI_TARGETS = { throughputRatio: 0.7, p99Ms: 150 } as const;

/**
 * Benchmark 2: complete LTI launches (login initiation, id_token validation with the platform's
 * key set, nonce spent, a returning learner provisioned, session opened), every one from the same
 * address as a school behind its proxy, on MariaDB, against a raw baseline (node:http + mysql2 +
 * jose, the same checks and statements). Throughput is measured closed loop (16 browsers
 * launching back to back); latency also open loop, at a fixed arrival rate of half the baseline's
 * throughput, where a p99 means what a pupil waits. The platform's JWKS is served locally; the
 * count of its fetches shows it is fetched once, not per launch. Also prints the statements and
 * transactions of one complete launch, first and returning. Returns whether the targets were met.
 */
export async function benchLtiLaunch(dataSource: DataSource, databaseUrl: string, options: LoadOptions): Promise<boolean> {
  const platform = await LtiPlatformSimulator.start({ clock: systemClock });
  const school = await dataSource.getRepository(School).findOneByOrFail({ uai: '0759999L' });
  await runInTransaction(dataSource, async (manager) => {
    const registration = await insertPlatform(
      manager,
      { issuer: platform.issuer, clientId: platform.clientId, name: 'ENT (bench)', ...platformEndpoints(platform), tokenAudience: null, schoolId: school.id, source: 'dynamic' },
      new Date(),
    );
    await ensureDeployment(manager, registration.id, platform.deploymentId, null, new Date());
  });
  // Before the servers start: the login budget reads the roster's size once per process.
  await seedBenchRoster(dataSource, school.id, new Date());
  const members: string[] = [];
  for (let index = 1; index <= LEARNERS; index += 1) {
    members.push(platform.addUser({ sub: `bench-pupil-${index}`, givenName: `Élève${index}`, familyName: 'Banc', roles: [ROLE.learner] }).sub);
  }
  platform.addContext({ id: CONTEXT_ID, title: 'CM2 (bench)', members });
  const roundTrips = await countLaunchRoundTrips(dataSource, databaseUrl, platform, CONTEXT_ID);

  const [appPort, rawPort] = [await freePort(), await freePort()];
  const appUrl = `http://127.0.0.1:${appPort}`;
  const rawUrl = `http://127.0.0.1:${rawPort}`;
  platform.useTool(appUrl);
  const app = await startServerProcess('app-server.ts', {
    DATABASE_URL: databaseUrl,
    PORT: String(appPort),
    ECARNET_HOST: '127.0.0.1',
    ECARNET_BASE_URL: appUrl,
    ECARNET_SECRET_KEY: 'bench-secret-key-0123456789-abcdefghijklmnopq',
    ECARNET_DEMO_SEED: 'false',
    ECARNET_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    // The load generator stands for the school's proxy: every launch comes from its one address.
    ECARNET_TRUST_PROXY: 'loopback',
  }, { nodeFlags: process.env.BENCH_APP_NODE_FLAGS?.split(' ').filter(Boolean) ?? [] });
  const raw = await startServerProcess('../lti-raw-server.ts', { DATABASE_URL: databaseUrl, PORT: String(rawPort), ECARNET_BASE_URL: rawUrl, BENCH_LTI_ISSUER: platform.issuer, BENCH_LTI_SCHOOL_ID: school.id });
  const fetchesBefore = platform.counts.jwks;
  try {
    const messagesFor = (target: LaunchTarget): SimMessage[] =>
      members.map((user) => ({ user, type: 'LtiResourceLinkRequest', contextId: CONTEXT_ID, targetLinkUri: `${target.url}/lti/launch` }));
    const subject: LaunchTarget = { name: 'e-carnet (Express + TypeORM)', url: appUrl };
    const baseline: LaunchTarget = { name: 'raw node:http + mysql2 + jose', url: rawUrl };
    // Every learner's first launch creates them: done once through the module, before measuring returning users.
    for (const message of messagesFor(subject)) await completeLaunch(subject, platform, message);
    for (const message of messagesFor(baseline).slice(0, 5)) await completeLaunch(baseline, platform, message);
    const appFetchesSetUp = platform.counts.jwks - fetchesBefore;

    const load = { connections: CONNECTIONS, seconds: options.seconds };
    for (const target of [subject, baseline]) {
      if (options.warmupSeconds > 0) await measureLaunches(target, platform, messagesFor(target), { ...load, seconds: options.warmupSeconds });
    }
    const subjectRuns: LaunchMeasurement[] = [];
    const baselineRuns: LaunchMeasurement[] = [];
    const cpu = { subject: { ms: 0, launches: 0 }, baseline: { ms: 0, launches: 0 } };
    // Each server's own CPU time per launch during the closed-loop runs (user + system).
    const measured = async (target: LaunchTarget, pid: number | undefined, into: { ms: number; launches: number }) => {
      const before = processCpuMs(pid);
      const run = await measureLaunches(target, platform, messagesFor(target), load);
      const after = processCpuMs(pid);
      if (before !== undefined && after !== undefined) {
        into.ms += after - before;
        into.launches += run.launches;
      }
      return run;
    };
    for (let round = 0; round < options.rounds; round += 1) {
      subjectRuns.push(await measured(subject, app.process.pid, cpu.subject));
      baselineRuns.push(await measured(baseline, raw.process.pid, cpu.baseline));
    }
    const closed = { subject: medianOfRuns(subject.name, subjectRuns), baseline: medianOfRuns(baseline.name, baselineRuns) };

    const rate = Math.max(1, Math.round(closed.baseline.launchesPerSecond * OPEN_LOOP_SHARE));
    const open = {
      subject: await measureOpenLoop(subject, platform, messagesFor(subject), { launchesPerSecond: rate, seconds: options.seconds }),
      baseline: await measureOpenLoop(baseline, platform, messagesFor(baseline), { launchesPerSecond: rate, seconds: options.seconds }),
    };
    const launched = subjectRuns.reduce((sum, run) => sum + run.launchesPerSecond * options.seconds, 0) + open.subject.launchesPerSecond * options.seconds;
    // The raw baseline fetched the key set before it listened: every fetch since is e-carnet's.
    const appFetches = platform.counts.jwks - fetchesBefore;
    return print(closed, open, rate, options, roundTrips, { total: appFetches, duringMeasure: appFetches - appFetchesSetUp, launches: Math.round(launched) }, cpu);
  } finally {
    await Promise.all([stopProcess(app.process), stopProcess(raw.process)]);
    await platform.close();
  }
}

function platformEndpoints(platform: LtiPlatformSimulator) {
  const { authLoginUrl, authTokenUrl, keysetUrl } = platform.endpoints;
  return { authLoginUrl, authTokenUrl, keysetUrl };
}

type Pair = { readonly subject: LaunchMeasurement; readonly baseline: LaunchMeasurement };

function print(
  closed: Pair,
  open: Pair,
  rate: number,
  options: LoadOptions,
  roundTrips: LaunchRoundTrips,
  fetches: { total: number; duringMeasure: number; launches: number },
  cpu: Record<'subject' | 'baseline', { ms: number; launches: number }>,
): boolean {
  const perLaunch = (use: { ms: number; launches: number }) => (use.launches > 0 ? `${(use.ms / use.launches).toFixed(2)} ms` : 'n/a');
  const ratio = closed.subject.launchesPerSecond / closed.baseline.launchesPerSecond;
  const line = (m: LaunchMeasurement) =>
    `  ${m.name.padEnd(34)} ${m.launchesPerSecond.toFixed(0).padStart(7)} launches/s   p50 ${String(m.p50).padStart(4)} ms   p99 ${String(m.p99).padStart(4)} ms   errors ${m.errors} (429: ${m.throttled})`;
  const cost = (count: StatementCount) => `${count.statements} statements, ${count.transactions} transaction(s), ${count.roundTrips} round trips`;
  const throttled = closed.subject.throttled + open.subject.throttled;
  const checks = {
    'no 429': throttled === 0,
    [`≥ ${LTI_TARGETS.throughputRatio * 100} % of the raw baseline's launches/s`]: ratio >= LTI_TARGETS.throughputRatio,
    [`p99 ≤ ${LTI_TARGETS.p99Ms} ms, open loop at ${rate} launches/s`]: open.subject.p99 <= LTI_TARGETS.p99Ms,
    [`p99 ≤ ${LTI_TARGETS.p99Ms} ms, closed loop at ${CONNECTIONS} connections`]: closed.subject.p99 <= LTI_TARGETS.p99Ms,
    'platform JWKS fetched once': fetches.total === 1,
  };
  process.stdout.write(
    `\nComplete LTI launches (login + launch + provisioning + session) of returning learners, all from one address (${SCHOOL_ADDRESS}), MariaDB\n` +
      `  the load generator signs each id_token with RS256 as the platform would; the deployment's school has a roster whose login budget allows ${BENCH_LOGINS_PER_MINUTE.toLocaleString('en')} a minute\n` +
      `  Closed loop (throughput): ${CONNECTIONS} concurrent browsers; medians of ${options.rounds} alternating runs of ${options.seconds} s, after ${options.warmupSeconds} s warm-up\n` +
      `${line(closed.subject)}\n${line(closed.baseline)}\n` +
      `  throughput ratio: ${(ratio * 100).toFixed(1)} % of the raw baseline\n` +
      `  server CPU (user + system) per launch, closed loop: e-carnet ${perLaunch(cpu.subject)}, raw baseline ${perLaunch(cpu.baseline)}\n` +
      `  Open loop (latency): ${rate} launches/s arriving at a fixed rate (${OPEN_LOOP_SHARE * 100} % of the baseline's closed-loop throughput) for ${options.seconds} s\n` +
      `${line(open.subject)}\n${line(open.baseline)}\n` +
      `  platform JWKS fetched by e-carnet: ${fetches.total} time(s) in all, ${fetches.duringMeasure} during ${fetches.launches} measured launches\n` +
      `  database cost of one complete launch: returning learner ${cost(roundTrips.returning)}; first launch ${cost(roundTrips.first)}\n` +
      `  (latency is judged open loop: a closed-loop p99 at ${CONNECTIONS} connections is queueing behind a saturated server, not what a pupil waits)\n` +
      Object.entries(checks)
        .map(([name, met]) => `  target ${name}: ${met ? 'met' : 'NOT met'}\n`)
        .join(''),
  );
  // The closed-loop p99 is printed and checked, but the latency target that counts is the open-loop one.
  return throttled === 0 && ratio >= LTI_TARGETS.throughputRatio && open.subject.p99 <= LTI_TARGETS.p99Ms && fetches.total === 1;
}
