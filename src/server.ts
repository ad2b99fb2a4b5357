import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { createApp } from './app.js';
import { DiskMediaStorage, ORPHAN_SWEEP_INTERVAL_MS, storageFromOptions, sweepOrphanMedia } from './media/index.js';
import { runPortfolioHousekeeping } from './portfolio/housekeeping.js';
import { scheduleWeeklyReminders } from './portfolio/weekly-reminders/schedule-weekly-reminders.js';
import { runSharingHousekeeping } from './sharing/housekeeping.js';
import { scheduleLinkNotices } from './sharing/link-notices/schedule-link-notices.js';
import { SessionStore } from './auth/session-store.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config/schema.js';
import { loadConnectorRegistry } from './connectors/registry.js';
import { characterSetProblem } from './db/character-set.js';
import { createDataSource } from './db/data-source.js';
import { purgeExpiredSignInState } from './auth/purge-sign-in-state.js';
import { hasPendingMigrations, runPendingMigrations } from './db/migrate.js';
import { seedDemoSchoolIfEmpty } from './demo/seed-demo-school.js';
import { syncConfiguredPlatforms } from './lti/platforms/configured-platforms.js';
import { startNotificationWorker } from './notify/start-worker.js';
import { startMetricsServer } from './metrics/metrics-server.js';
import { drainServer } from './platform/drain-server.js';
import { RETENTION_INTERVAL_MS, runRetention } from './retention/run-retention.js';

const SESSION_PURGE_INTERVAL_MS = 15 * 60_000;

/** A running module: its HTTP server and what it holds open. */
interface RunningServer {
  readonly server: Server;
  readonly dataSource: DataSource;
  readonly url: string;
  stop(): Promise<void>;
}

/** A start-up failure an operator can act on; printed without a stack. */
export class StartupError extends Error {}

/**
 * Entries go out at their slot to the minute anyway (visibility is decided by time); this tidies,
 * and tells link holders of what went out within the minute.
 */
const PORTFOLIO_HOUSEKEEPING_INTERVAL_MS = 60_000;

/**
 * Opens the database, brings its schema up to date (or refuses to start on a stale schema),
 * creates the demo school when asked, and listens.
 */
export async function startServer(config: Config, logger: Logger, clock: Clock = systemClock): Promise<RunningServer> {
  // A misconfigured connector stops the start before anything is opened: auth paths fail closed.
  const connectors = loadConnectorRegistry(config);
  if (!connectors.ok) {
    throw new StartupError(`${connectors.problems.length} connector problem(s)\n${connectors.problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
  const dataSource = createDataSource(config.database, { waitMs: config.operations.databaseWaitMs });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new StartupError(`cannot open the database (${describeDatabase(config)}): ${(error as Error).message}`);
  }
  // A latin1 database would take the migrations, then refuse the first name in another script.
  const characterSet = await characterSetProblem(dataSource);
  if (characterSet) {
    await dataSource.destroy();
    throw new StartupError(characterSet);
  }

  if (config.autoMigrate) {
    const applied = await runPendingMigrations(dataSource);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
  } else if (await hasPendingMigrations(dataSource)) {
    await dataSource.destroy();
    throw new StartupError('the database schema is behind this version: run `npm run migrate` first');
  }

  // ENTs listed in ECARNET_CONFIG take effect at start (added, updated, or switched off when removed).
  const refusedPlatforms = await syncConfiguredPlatforms(dataSource, config.platforms, clock.now(), config.mode);
  for (const platform of refusedPlatforms) {
    logger.warn({ issuer: platform.issuer, clientId: platform.clientId }, 'LTI platform left out: its URLs are not acceptable here');
  }

  if (config.seedDemo && (await seedDemoSchoolIfEmpty(dataSource, clock.now()))) {
    logger.info('demo school created');
  }

  const mediaStorage = storageFromOptions(config.media.storage);
  if (mediaStorage instanceof DiskMediaStorage) await mediaStorage.removeStaleTempFiles();
  // The outbox worker runs beside the server unless it runs as its own process (`e-carnet worker`).
  const worker = config.messaging.worker === 'in-process' ? startNotificationWorker(config, dataSource, logger, clock) : undefined;
  const app = createApp(config, { dataSource, logger, clock, mediaStorage, onMessageAccepted: () => worker?.poke() });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = config.host ? app.listen(config.port, config.host, () => resolve(listening)) : app.listen(config.port, () => resolve(listening));
    listening.once('error', reject);
  });
  const port = listeningPort(server, config.port);
  // Prometheus' own listener, when the operator chose one (otherwise /metrics sits behind its token).
  const metricsServer =
    config.operations.metricsPort === null ? undefined : await startMetricsServer(config.operations.metricsPort, config.host, dataSource, clock, logger);

  const sessions = new SessionStore(dataSource, config.session);
  const purge = setInterval(() => {
    sessions.purgeExpired(clock.now()).catch((error: unknown) => logger.warn({ err: error }, 'session purge failed'));
    purgeExpiredSignInState(dataSource, clock.now()).catch((error: unknown) => logger.warn({ err: error }, 'sign-in state purge failed'));
    runSharingHousekeeping(dataSource, logger, clock.now()).catch((error: unknown) => logger.warn({ err: error }, 'sharing housekeeping failed'));
  }, SESSION_PURGE_INTERVAL_MS);
  purge.unref();
  const housekeeping = setInterval(() => {
    runPortfolioHousekeeping(dataSource, mediaStorage, logger, clock.now()).catch((error: unknown) => logger.warn({ err: error }, 'portfolio housekeeping failed'));
    // Entries that became visible since the last round: their link holders' notices, sent by the worker.
    scheduleLinkNotices(dataSource, clock.now()).then(
      (scheduled) => {
        if (scheduled > 0) worker?.poke();
      },
      (error: unknown) => logger.warn({ err: error }, 'link holder notices not scheduled; next round retries'),
    );
    // This week's rhythm e-mail for each teacher, once; from Sunday evening on it waits for Monday's opening.
    scheduleWeeklyReminders(dataSource, clock.now()).then(
      (scheduled) => {
        if (scheduled > 0) worker?.poke();
      },
      (error: unknown) => logger.warn({ err: error }, 'weekly portfolio reminders not scheduled; next round retries'),
    );
  }, PORTFOLIO_HOUSEKEEPING_INTERVAL_MS);
  housekeeping.unref();
  // Objects an instance stored but was killed before recording: every instance sweeps (deletes are
  // idempotent, and the grace keeps any upload in progress safe).
  const orphanSweep = setInterval(() => {
    sweepOrphanMedia(dataSource, mediaStorage, logger, clock.now()).catch((error: unknown) => logger.warn({ err: error }, 'orphan media sweep failed; the next round retries'));
  }, ORPHAN_SWEEP_INTERVAL_MS);
  orphanSweep.unref();
  // Data past its retention delay: every instance tries, the one holding the lease does the work.
  const retention = setInterval(() => {
    runRetention({ dataSource, storage: mediaStorage, logger, clock }).catch((error: unknown) => logger.warn({ err: error }, 'retention job failed; the next round resumes it'));
  }, RETENTION_INTERVAL_MS);
  retention.unref();

  return {
    server,
    dataSource,
    url: config.baseUrl.startsWith(`http://localhost:${config.port}`) ? `http://localhost:${port}` : config.baseUrl,
    /**
     * Graceful stop (SIGTERM): no new connection is accepted, requests in flight and the worker's
     * current deliveries finish within the grace (then they are cut), and the pool is closed.
     */
    async stop() {
      clearInterval(purge);
      clearInterval(housekeeping);
      clearInterval(orphanSweep);
      clearInterval(retention);
      const grace = config.operations.shutdownGraceMs;
      await Promise.all([drainServer(server, grace), worker?.stop(grace), metricsServer ? drainServer(metricsServer, grace) : undefined]);
      await dataSource.destroy();
    },
  };
}

/** The port actually bound (differs from the configured one when that is 0). */
export function listeningPort(server: Server, configured: number): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : configured;
}

function describeDatabase(config: Config): string {
  if (config.database.kind === 'sqlite') return `SQLite file ${config.database.file}`;
  const url = new URL(config.database.url);
  return `MySQL/MariaDB at ${url.hostname}:${url.port || 3306}, database ${config.database.database}`;
}
