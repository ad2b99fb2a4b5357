import { pathToFileURL } from 'node:url';
import { withDemoSecret } from './config/demo-secret.js';
import { loadConfigOrExit } from './config/load.js';
import { loadConnectorRegistry } from './connectors/registry.js';
import { createDataSource } from './db/data-source.js';
import { hasPendingMigrations, revertLastMigration, runPendingMigrations } from './db/migrate.js';
import { systemClock } from './clock.js';
import { startNotificationWorker } from './notify/start-worker.js';
import { seedDemoSchoolIfEmpty } from './demo/seed-demo-school.js';
import { createLogger, flushLogger } from './logger.js';
import { startServer, StartupError } from './server.js';
import { OPERATOR_COMMANDS, OPERATOR_USAGE, runOperatorCommand } from './operator/cli.js';

const USAGE = `usage: e-carnet <command>
  start           serve the module (migrates the embedded database, creates the demo school)
  migrate         apply pending database migrations
  migrate:revert  revert the latest migration
  seed-demo       create the demo school if the database has no school
  worker          deliver notifications only (run it where ECARNET_WORKER=off on the servers)
` + OPERATOR_USAGE;

/** The command line. Running it is the only side effect; importing this file does nothing. */
export async function main(argv: readonly string[]): Promise<number> {
  const command = argv[0] ?? 'start';
  const isOperatorCommand = (OPERATOR_COMMANDS as readonly string[]).includes(command);
  if (!['start', 'migrate', 'migrate:revert', 'seed-demo', 'worker'].includes(command) && !isOperatorCommand) {
    process.stderr.write(USAGE);
    return 2;
  }
  const config = withDemoSecret(loadConfigOrExit());
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

  const dataSource = createDataSource(config.database);
  await dataSource.initialize();
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
      worker
        .stop()
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
