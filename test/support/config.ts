import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { testDatabaseTarget } from './database.js';

/** Where tests' media are stored (one folder per run). */
export const TEST_MEDIA_DIR = path.join(os.tmpdir(), `ecarnet-test-media-${process.pid}`);

/** A valid configuration for tests, on the run's database, with logging off. */
export function testConfig(env: Record<string, string> = {}): Config {
  // Media go to a folder of this run, never into the checkout's data folder.
  const result = loadConfig({ ECARNET_LOG_LEVEL: 'silent', ECARNET_MEDIA_DIR: TEST_MEDIA_DIR, ...env });
  if (!result.ok) throw new Error(`test configuration is invalid: ${result.errors.join('; ')}`);
  return { ...result.config, database: testDatabaseTarget() };
}
