/**
 * The retention job in a process of its own, killed with SIGKILL at a chosen point: while a unit's
 * transaction is open (`statement`: the Nth statement ending a pupil's enrolment in the school),
 * or after a unit committed, while its stored files are being deleted (`storage`: the Nth file of
 * the school). Run by crash-resume.test.ts with its database, media folder and clock.
 */
import pino from 'pino';
import type { Logger as TypeOrmLogger } from 'typeorm';
import type { DatabaseTarget } from '../../src/config/database-url.js';
import { createDataSource } from '../../src/db/data-source.js';
import { DiskMediaStorage, type MediaStorage } from '../../src/media/index.js';
import { runRetention } from '../../src/retention/run-retention.js';

const target = JSON.parse(process.env.RETENTION_TEST_DATABASE ?? '') as DatabaseTarget;
const schoolId = process.env.RETENTION_TEST_SCHOOL ?? '';
const mode = process.env.RETENTION_TEST_CRASH as 'statement' | 'storage';
const crashAt = Number(process.env.RETENTION_TEST_CRASH_AT);
const now = new Date(process.env.RETENTION_TEST_NOW ?? '');

const die = () => process.kill(process.pid, 'SIGKILL');
const dataSource = createDataSource(target);
await dataSource.initialize();

let statements = 0;
if (mode === 'statement') {
  // TypeORM tells its logger of every statement before running it: the place to die mid-transaction.
  const logger = dataSource.logger;
  const dying = Object.create(logger) as TypeOrmLogger;
  dying.logQuery = (query, parameters, runner) => {
    if (query.startsWith('DELETE FROM enrolment') && Array.isArray(parameters) && parameters[0] === schoolId && ++statements === crashAt) die();
    logger.logQuery(query, parameters, runner);
  };
  Object.defineProperty(dataSource, 'logger', { value: dying });
}

const disk = new DiskMediaStorage(process.env.RETENTION_TEST_MEDIA ?? '');
let deletes = 0;
const storage: MediaStorage = {
  put: (key, body, options) => disk.put(key, body, options),
  open: (key, range) => disk.open(key, range),
  stat: (key) => disk.stat(key),
  async delete(key) {
    if (mode === 'storage' && key.startsWith(`schools/${schoolId}/`) && ++deletes === crashAt) die();
    await disk.delete(key);
  },
};

await runRetention({ dataSource, storage, logger: pino({ level: 'silent' }), clock: { now: () => now } }, { schoolIds: [schoolId] });
await dataSource.destroy();
// Reaching here means the crash point was never met: the test fails on this exit code.
process.exit(3);
