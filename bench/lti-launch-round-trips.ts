import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createApp } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config/load.js';
import { countStatements, type StatementCount } from '../test/support/count-statements.js';
import { ROLE, type LtiPlatformSimulator } from '../test/support/lti-platform.js';
import { completeLaunch, type LaunchTarget } from './lti-launch-load.js';

/** Statements and transactions of one complete launch (login + launch + provisioning + session). */
export interface LaunchRoundTrips {
  readonly first: StatementCount;
  readonly returning: StatementCount;
}

/**
 * Counts what one complete launch asks of MariaDB, for a first launch and for a returning pupil,
 * with the module running in this process on the bench database (counted through TypeORM's
 * logger, as the test suite counts them; the load itself runs against the module's own process).
 * A launch of another pupil comes first, so the once-a-minute purges are not counted.
 */
export async function countLaunchRoundTrips(dataSource: DataSource, databaseUrl: string, platform: LtiPlatformSimulator, contextId: string): Promise<LaunchRoundTrips> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const loaded = loadConfig({
    DATABASE_URL: databaseUrl,
    ECARNET_BASE_URL: url,
    ECARNET_SECRET_KEY: 'bench-secret-key-0123456789-abcdefghijklmnopq',
    ECARNET_DEMO_SEED: 'false',
    ECARNET_LOG_LEVEL: 'silent',
    ECARNET_TRUST_PROXY: 'loopback',
  });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  server.on('request', createApp(loaded.config, { dataSource, clock: systemClock, logger: pino({ level: 'silent' }) }));
  const target: LaunchTarget = { name: 'e-carnet (in process, counted)', url };
  platform.useTool(url);
  const launchOf = (user: string) => completeLaunch(target, platform, { user, type: 'LtiResourceLinkRequest', contextId, targetLinkUri: `${url}/lti/launch` });
  try {
    for (const sub of ['round-trips-warm-up', 'round-trips-pupil']) platform.addUser({ sub, givenName: 'Compte', familyName: 'Banc', roles: [ROLE.learner] });
    await launchOf('round-trips-warm-up');
    const first = await countStatements(dataSource, () => launchOf('round-trips-pupil'));
    const returning = await countStatements(dataSource, () => launchOf('round-trips-pupil'));
    return { first: first.count, returning: returning.count };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
