#!/usr/bin/env node
// Runs the test suite on the embedded SQLite database, then again on MariaDB/MySQL when
// DATABASE_URL is set (CI sets it). Extra arguments go to mocha (e.g. a single spec file).
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const e2eOnly = args.includes('--e2e-only');
const mochaArgs = args.filter((arg) => arg !== '--e2e-only');
const specs = mochaArgs.some((arg) => !arg.startsWith('-')) ? [] : e2eOnly ? ['test/e2e/**/*.test.ts', 'test/**/browser*.test.ts'] : ['test/**/*.test.ts', 'connectors/**/*.test.ts'];

const engines = [{ name: 'SQLite (embedded)', url: 'sqlite' }];
if (process.env.DATABASE_URL) engines.push({ name: 'MariaDB/MySQL', url: process.env.DATABASE_URL });

for (const engine of engines) {
  process.stdout.write(`\n=== e-carnet tests on ${engine.name} ===\n`);
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const result = spawnSync('npx', ['mocha', ...specs, ...mochaArgs], {
    stdio: 'inherit',
    env: { ...env, TEST_DATABASE_URL: engine.url },
  });
  if (result.status !== 0) {
    process.stderr.write(`\ntests failed on ${engine.name}\n`);
    process.exit(result.status ?? 1);
  }
}
