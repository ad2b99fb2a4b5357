import { pathToFileURL } from 'node:url';
import { withDemoSecret } from './config/demo-secret.js';
import { loadConfigOrExit } from './config/load.js';
import { masterSecrets } from './config/master-secrets.js';
import { connectorProblems, loadConnectorRegistry } from './connectors/registry.js';
import { characterSetProblem } from './db/character-set.js';
import { createDataSource } from './db/data-source.js';
import { hasPendingMigrations, revertLastMigration, runPendingMigrations } from './db/migrate.js';
import { resealToolKeys } from './lti/keys/reseal-tool-keys.js';
import { systemClock } from './clock.js';
import { startNotificationWorker } from './notify/start-worker.js';
import { seedDemoSchoolIfEmpty } from './demo/seed-demo-school.js';
import { createLogger, flushLogger } from './logger.js';
import { startServer, StartupError } from './server.js';
import { BACKUP_USAGE, isBackupCommand, runBackupCommand } from './backup/command.js';
import { OPERATOR_COMMANDS, OPERATOR_USAGE, runOperatorCommand } from './operator/cli.js';

const USAGE = `usage: e-carnet <command>
  start           serve the module (migrates the embedded database, creates the demo school)
  migrate         apply pending database migrations
  migrate:revert  revert the latest migration
  seed-demo       create the demo school if the database has no school
  worker          deliver notifications only (run it where ECARNET_WORKER=off on the servers)
  keys:reencrypt  after a rotation of ECARNET_SECRET_KEY, seal stored secrets again under the new key
                  (resumable; exits 1 while a value is opened by no known key)
` +
  BACKUP_USAGE +
  OPERATOR_USAGE;

/** The command line. Running it is the only side effect; importing this file does nothing. */
export async function main(argv: readonly string[]): Promise<number> {
  const command = argv[0] ?? 'start';
  if (isBackupCommand(command)) return runBackupCommand(command, argv.slice(1), loadConfigOrExit());
  const isOperatorCommand = (OPERATOR_COMMANDS as readonly string[]).includes(command);
  if (!['start', 'migrate', 'migrate:revert', 'seed-demo', 'worker', 'keys:reencrypt'].includes(command) && !isOperatorCommand) {
    process.stderr.write(USAGE);
    return 2;
  }
  // Starting checks the connectors too: their problems are listed with the others, all at once.
  const config = withDemoSecret(loadConfigOrExit(process.env, command === 'start' ? connectorProblems : undefined));
  const logger = createLogger(config);
  for (const warning of config.warnings) logger.warn(warning);

  if (command === 'start') {
    const connectors = loadConnectorRegistry(config);
    if (!connectors.ok) {
      process.stderr.write(
        `e-carnet cannot start: ${connectors.problems.length} connector problem(s)\n` + connectors.problems.map((problem) => `  - ${problem}\n`).join(''),
      );
      return 78; // EX_CONFIG, as for the other configuration problems
    }
    const running = await startServer(config, logger);
    process.stdout.write(
      `\ne-carnet is running: open ${running.url}\n` +
        (config.mode === 'demo' ? `Demo school: choose who to sign in as at ${running.url}/demo\n\n` : '\n'),
    );
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping');
      exitAfterGrace(config.operations.shutdownGraceMs);
      running
        .stop()
        .then(() => flushLogger(logger))
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    return -1; // keep running
  }

  // The worker's rounds are bounded like requests; one-off commands (migrate, seed) are not.
  const dataSource = createDataSource(config.database, command === 'worker' ? { waitMs: config.operations.databaseWaitMs } : {});
  await dataSource.initialize();
  const characterSet = await characterSetProblem(dataSource);
  if (characterSet) {
    process.stderr.write(`e-carnet ${command}: ${characterSet}\n`);
    await dataSource.destroy();
    return 78; // EX_CONFIG: the database is set up wrongly, nothing was written
  }
  // --- Operators: schools and their directors, from the command line.
  if (isOperatorCommand) {
    try {
      if (config.autoMigrate) await runPendingMigrations(dataSource);
      else if (await hasPendingMigrations(dataSource)) {
        process.stderr.write(`${command}: the database schema is behind this version: run \`npm run migrate\` first\n`);
        return 1;
      }
      const output = { out: (text: string) => process.stdout.write(text), err: (text: string) => process.stderr.write(text) };
      return await runOperatorCommand(command, argv.slice(1), dataSource, config, output, systemClock.now());
    } finally {
      await dataSource.destroy();
    }
  }
  // --- end operators
  if (command === 'worker') {
    if (await hasPendingMigrations(dataSource)) {
      process.stderr.write('worker: the database schema is behind this version: run `npm run migrate` first\n');
      await dataSource.destroy();
      return 1;
    }
    const worker = startNotificationWorker(config, dataSource, logger, systemClock);
    logger.info('notification worker running');
    const stop = () => {
      exitAfterGrace(config.operations.shutdownGraceMs);
      worker
        .stop(config.operations.shutdownGraceMs)
        .then(() => dataSource.destroy())
        .then(() => flushLogger(logger))
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return -1; // keep running
  }
  try {
    if (command === 'migrate') {
      const applied = await runPendingMigrations(dataSource);
      process.stdout.write(applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'the database is up to date\n');
    } else if (command === 'migrate:revert') {
      await revertLastMigration(dataSource);
      process.stdout.write('reverted the latest migration\n');
    } else if (command === 'keys:reencrypt') {
      if (await hasPendingMigrations(dataSource)) {
        process.stderr.write('keys:reencrypt: the database schema is behind this version: run `npm run migrate` first\n');
        return 1;
      }
      const report = await resealToolKeys(dataSource, masterSecrets(config), systemClock.now());
      process.stdout.write(`sealed again under the current key: ${report.resealed}; already under it: ${report.alreadyCurrent}\n`);
      if (report.unreadable.length > 0) {
        process.stderr.write(`opened by no known key (keep ECARNET_SECRET_KEY_PREVIOUS): ${report.unreadable.join(', ')}\n`);
        return 1;
      }
    } else {
      if (config.mode !== 'demo') {
        process.stderr.write('seed-demo: the demo school is only created in demo mode\n');
        return 1;
      }
      await runPendingMigrations(dataSource);
      const created = await seedDemoSchoolIfEmpty(dataSource, new Date());
      process.stdout.write(created ? 'demo school created\n' : 'the database already has a school; nothing done\n');
    }
  } finally {
    await dataSource.destroy();
  }
  return 0;
}

/**
 * The last resort of a graceful stop: if closing still hangs (a database that never answers the
 * pool's goodbye) a little after the grace, the process exits anyway, with a failure code.
 */
function exitAfterGrace(graceMs: number): void {
  setTimeout(() => process.exit(1), graceMs + 5_000).unref();
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (error: unknown) => {
      if (error instanceof StartupError) process.stderr.write(`e-carnet cannot start: ${error.message}\n`);
      else process.stderr.write(`e-carnet failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
