import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { testDatabaseTarget } from './database.js';

/** A valid configuration for tests, on the run's database, with logging off. */
export function testConfig(env: Record<string, string> = {}): Config {
  const result = loadConfig({ ECARNET_LOG_LEVEL: 'silent', ...env });
  if (!result.ok) throw new Error(`test configuration is invalid: ${result.errors.join('; ')}`);
  return { ...result.config, database: testDatabaseTarget() };
}
