import type { DataSource } from 'typeorm';
import { systemClock } from '../src/clock.js';
import { runInTransaction } from '../src/db/transaction.js';
import { ensureDeployment, insertPlatform } from '../src/lti/platforms/registry.js';
import { School } from '../src/model/index.js';
import { LtiPlatformSimulator, ROLE, type SimMessage } from '../test/support/lti-platform.js';
import { startServerProcess, stopProcess, type LoadOptions, freePort } from './harness.js';
import { completeLaunch, measureLaunches, medianOfRuns, type LaunchMeasurement, type LaunchTarget } from './lti-launch-load.js';

const LEARNERS = 200;
const CONTEXT_ID = 'bench-cm2';


/**
 * Benchmark 2: complete LTI launches per second (login initiation, id_token validation with the
 * platform's key set, nonce spent, provisioning of a returning learner, session opened), on
 * MariaDB, against a raw baseline (node:http + mysql2 + jose, the same checks and SQL). The
 * platform's JWKS is served locally; the count of its fetches shows it is fetched once, not per
 * launch. Returns the throughput ratio.
 */
export async function benchLtiLaunch(dataSource: DataSource, databaseUrl: string, options: LoadOptions): Promise<number> {
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
  const members: string[] = [];
  for (let index = 1; index <= LEARNERS; index += 1) {
    members.push(platform.addUser({ sub: `bench-pupil-${index}`, givenName: `Élève${index}`, familyName: 'Banc', roles: [ROLE.learner] }).sub);
  }
  platform.addContext({ id: CONTEXT_ID, title: 'CM2 (bench)', members });

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
    // The load generator stands for the proxy in front of the module: each learner has an address.
    ECARNET_TRUST_PROXY: 'loopback',
  });
  const raw = await startServerProcess('../lti-raw-server.ts', { DATABASE_URL: databaseUrl, PORT: String(rawPort), ECARNET_BASE_URL: rawUrl, BENCH_LTI_ISSUER: platform.issuer });
  const rawFetches = platform.counts.jwks;
  try {
    const messagesFor = (target: LaunchTarget): SimMessage[] =>
      members.map((user) => ({ user, type: 'LtiResourceLinkRequest', contextId: CONTEXT_ID, targetLinkUri: `${target.url}/lti/launch` }));
    const subject: LaunchTarget = { name: 'e-carnet (Express + TypeORM)', url: appUrl };
    const baseline: LaunchTarget = { name: 'raw node:http + mysql2 + jose', url: rawUrl };
    // Every learner's first launch creates them: done once through the module, before measuring returning users.
    for (const message of messagesFor(subject)) await completeLaunch(subject, platform, message);
    for (const message of messagesFor(baseline).slice(0, 5)) await completeLaunch(baseline, platform, message);

    for (const target of [subject, baseline]) {
      if (options.warmupSeconds > 0) await measureLaunches(target, platform, messagesFor(target), { connections: options.connections, seconds: options.warmupSeconds });
    }
    const subjectRuns: LaunchMeasurement[] = [];
    const baselineRuns: LaunchMeasurement[] = [];
    const appFetchesBefore = platform.counts.jwks - rawFetches;
    for (let round = 0; round < options.rounds; round += 1) {
      subjectRuns.push(await measureLaunches(subject, platform, messagesFor(subject), options));
      baselineRuns.push(await measureLaunches(baseline, platform, messagesFor(baseline), options));
    }
    const launched = subjectRuns.reduce((sum, run) => sum + run.launchesPerSecond * options.seconds, 0);
    const appFetches = platform.counts.jwks - rawFetches;
    return print(medianOfRuns(subject.name, subjectRuns), medianOfRuns(baseline.name, baselineRuns), options, {
      total: appFetches,
      duringMeasure: appFetches - appFetchesBefore,
      launches: Math.round(launched),
    });
  } finally {
    await Promise.all([stopProcess(app.process), stopProcess(raw.process)]);
    await platform.close();
  }
}

function platformEndpoints(platform: LtiPlatformSimulator) {
  const { authLoginUrl, authTokenUrl, keysetUrl } = platform.endpoints;
  return { authLoginUrl, authTokenUrl, keysetUrl };
}

function print(subject: LaunchMeasurement, baseline: LaunchMeasurement, options: LoadOptions, fetches: { total: number; duringMeasure: number; launches: number }): number {
  const ratio = subject.launchesPerSecond / baseline.launchesPerSecond;
  const line = (m: LaunchMeasurement) =>
    `  ${m.name.padEnd(34)} ${m.launchesPerSecond.toFixed(0).padStart(7)} launches/s   p50 ${String(m.p50).padStart(4)} ms   p99 ${String(m.p99).padStart(4)} ms   errors ${m.errors}`;
  process.stdout.write(
    `\nComplete LTI launches (login + launch + provisioning + session) of returning learners, MariaDB\n` +
      `  (${options.connections} concurrent browsers; medians of ${options.rounds} alternating runs of ${options.seconds} s, after ${options.warmupSeconds} s warm-up;` +
      ` the load generator signs each id_token with RS256 as the platform would)\n` +
      `${line(subject)}\n${line(baseline)}\n` +
      `  throughput ratio: ${(ratio * 100).toFixed(1)} % of the raw baseline\n` +
      `  platform JWKS fetched by e-carnet: ${fetches.total} time(s) in all, ${fetches.duringMeasure} during ${fetches.launches} measured launches\n`,
  );
  return ratio;
}
