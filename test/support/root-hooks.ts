import fs from 'node:fs';
import { TEST_MEDIA_DIR } from './config.js';
import { closeTestDatabase, mochaWorkerId, openTestDatabase, removeTestDatabaseFiles, testDatabaseTarget } from './database.js';

/** Removes what this process's tests left on disk: the media folder and the SQLite temp folder. */
function removeTestFiles(): void {
  fs.rmSync(TEST_MEDIA_DIR, { recursive: true, force: true });
  removeTestDatabaseFiles();
}

let workerCleanupRegistered = false;

/**
 * Mocha root hooks: one database per process, emptied and migrated before its first test. Suites
 * never share rows: each builds its own schools with the factories (unique UAIs).
 *
 * A serial run (`mocha file…`) is one process: the hooks open the database first and close it
 * last. A parallel run (`--parallel`, see scripts/run-tests.mjs) calls them around every spec
 * file in each worker: the worker keeps its database open from one file to the next, and its
 * files are removed when mocha ends the worker.
 */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    if (mochaWorkerId() === undefined) {
      const target = testDatabaseTarget();
      process.stdout.write(`  database: ${target.kind === 'sqlite' ? 'SQLite' : `MariaDB/MySQL (${target.database})`}\n`);
    } else if (!workerCleanupRegistered) {
      // A worker has no last hook: it is ended (exit) once the run has no file left for it.
      process.once('exit', removeTestFiles);
      workerCleanupRegistered = true;
    }
    await openTestDatabase();
  },
  async afterAll() {
    if (mochaWorkerId() !== undefined) return;
    await closeTestDatabase();
    removeTestFiles();
  },
};
