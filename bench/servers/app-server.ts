// The e-carnet module as deployed: configuration from the environment, startServer, request logs on.
import { loadConfigOrExit } from '../../src/config/load.js';
import { createLogger, flushLogger } from '../../src/logger.js';
import { listeningPort, startServer } from '../../src/server.js';

const config = loadConfigOrExit();
const logger = createLogger(config);
const running = await startServer(config, logger);
process.stdout.write(`listening http://127.0.0.1:${listeningPort(running.server, config.port)}\n`);
process.once('SIGTERM', () => {
  void running
    .stop()
    .then(() => flushLogger(logger))
    .then(() => process.exit(0));
});
