import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { Config } from '../../../src/config/schema.js';
import type { Logger } from 'pino';
import { runInTransaction } from '../../../src/db/transaction.js';
import { ensureDeployment, insertPlatform } from '../../../src/lti/platforms/registry.js';
import type { LtiPlatform } from '../../../src/model/lti-platform.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { TestClock } from '../../support/clock.js';
import { testConfig } from '../../support/config.js';
import { testDataSource } from '../../support/database.js';
import type { LtiPlatformSimulator } from '../../support/lti-platform.js';

/** A master secret shared by the LTI suites, so tool keys sealed by one app open in the next. */
export const LTI_TEST_SECRET = 'lti-test-secret-0123456789-abcdefghijklmnop';

/** e-carnet served on a real port, its base URL being that very address (platforms call it back). */
export interface RunningTool extends TestApp {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts e-carnet on a free loopback port. The port is known before the app is built, so the
 * configured base URL (used in redirect URIs, target links and the JWKS URL) is the real one.
 * `host` picks the name the browser uses (`localhost` makes the tool cross-site from a platform
 * on 127.0.0.1).
 */
export async function startTool(
  options: { clock?: TestClock; host?: '127.0.0.1' | 'localhost'; adjust?: (config: Config) => Config; logger?: Logger } = {},
): Promise<RunningTool> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  const url = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  const base = testConfig({ ECARNET_BASE_URL: url, ECARNET_SECRET_KEY: LTI_TEST_SECRET });
  const config = options.adjust ? options.adjust(base) : base;
  const testApp = createTestApp({ config, clock: options.clock ?? new TestClock(), ...(options.logger ? { logger: options.logger } : {}) });
  server.on('request', testApp.app);
  return {
    ...testApp,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Registers a simulated platform straight in the database, bound to a school (or to none, its
 * deployments then being bound one by one). Recorded as a dynamic registration: platforms of the
 * `config` source are those of ECARNET_CONFIG, and any other is switched off at the next start.
 */
export async function registerPlatform(
  simulator: LtiPlatformSimulator,
  schoolId: string | null,
  now: Date,
  deploymentIds: readonly string[] = [simulator.deploymentId],
): Promise<LtiPlatform> {
  return runInTransaction(testDataSource(), async (manager) => {
    const platform = await insertPlatform(
      manager,
      {
        issuer: simulator.issuer,
        clientId: simulator.clientId,
        name: 'ENT simulé',
        authLoginUrl: simulator.endpoints.authLoginUrl,
        authTokenUrl: simulator.endpoints.authTokenUrl,
        keysetUrl: simulator.endpoints.keysetUrl,
        tokenAudience: null,
        schoolId,
        source: 'dynamic',
      },
      now,
    );
    for (const deploymentId of deploymentIds) await ensureDeployment(manager, platform.id, deploymentId, null, now);
    return platform;
  });
}
