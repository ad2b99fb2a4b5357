import fs from 'node:fs';
import { TEST_MEDIA_DIR } from './config.js';
import { closeTestDatabase, openTestDatabase, testDatabaseTarget } from './database.js';

/**
 * Mocha root hooks: one database per run, emptied and migrated before the first test. Suites
 * never share rows: each builds its own schools with the factories (unique UAIs).
 */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    const target = testDatabaseTarget();
    process.stdout.write(`  database: ${target.kind === 'sqlite' ? 'SQLite' : `MariaDB/MySQL (${target.database})`}\n`);
    await openTestDatabase();
  },
  async afterAll() {
    await closeTestDatabase();
    fs.rmSync(TEST_MEDIA_DIR, { recursive: true, force: true });
  },
};
