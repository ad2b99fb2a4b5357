#!/usr/bin/env node
// Runs the test suite on the embedded SQLite database, then again on MariaDB/MySQL when
// DATABASE_URL is set (CI sets it).
//
// The whole suite runs in mocha's parallel mode: spec files are handed out, slowest first, to
// worker processes (ECARNET_TEST_JOBS, default 3: one more than the 2 cores, as many tests wait
// on timers, MariaDB or a child process), each on a database of its own (`<database>_w0`,
// `<database>_w1`, … for MariaDB; a temp file for SQLite, see test/support/database.ts). mocha buffers each file's report and prints it whole, so the
// output of two workers never interleaves; it closes with mocha's "N passing / N failing".
//
// Extra arguments go to mocha. Naming spec files (`npm test -- test/some.test.ts`) runs just
// those, serially as before, unless --jobs N asks for workers. --e2e-only runs the browser tests.
// ECARNET_TEST_ENGINES=together runs both engines at once (off by default: twice the workers).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_JOBS = 3;

const { e2eOnly, jobs, mochaArgs } = parseArguments(process.argv.slice(2));
const namedSpecs = mochaArgs.some((arg) => !arg.startsWith('-'));
const specs = namedSpecs ? [] : specFiles(e2eOnly ? isBrowserSpec : () => true);
const workers = jobs ?? (namedSpecs ? 1 : Number(process.env.ECARNET_TEST_JOBS ?? DEFAULT_JOBS));
if (!Number.isInteger(workers) || workers < 1) fail(`--jobs / ECARNET_TEST_JOBS must be a whole number ≥ 1, not "${workers}"`);
// .mocharc sorts files (a stable serial order); parallel mode refuses --sort and takes them in the order given.
const modeArgs = workers > 1 ? ['--parallel', `--jobs=${workers}`, '--no-sort'] : [];
// More workers than cores give each test a smaller share of the CPU: mocha's default timeout
// (.mocharc) grows in proportion, so that a busy machine slows tests down without failing them.
// Timeouts a test sets itself are left alone: they already allow for slow steps.
const cores = os.availableParallelism();
if (workers > cores && !mochaArgs.some((arg) => /^(--timeout|-t)\b/.test(arg))) {
  const { timeout } = JSON.parse(fs.readFileSync(path.join(ROOT, '.mocharc.json'), 'utf8'));
  modeArgs.push(`--timeout=${Math.ceil((timeout * workers) / cores)}`);
}

const engines = [{ name: 'SQLite (embedded)', url: 'sqlite' }];
if (process.env.DATABASE_URL) engines.push({ name: 'MariaDB/MySQL', url: process.env.DATABASE_URL });

const totals = { passing: 0, failing: 0, pending: 0 };
let failed = false;
const started = Date.now();
const heading = (engine) => {
  const database = databaseName(engine.url);
  const where = engine.url === 'sqlite' ? '' : workers > 1 ? ` (${database}_w0…_w${workers - 1})` : ` (${database})`;
  return `\n=== e-carnet tests on ${engine.name}${where}, ${workers > 1 ? `${workers} workers` : 'one process'} ===\n`;
};
const record = (engine, { status, counts }) => {
  for (const key of Object.keys(totals)) totals[key] += counts[key];
  if (status !== 0) {
    failed = true;
    process.stderr.write(`\ntests failed on ${engine.name}\n`);
  }
};
if (process.env.ECARNET_TEST_ENGINES === 'together' && engines.length > 1) {
  // Both engines at once: the first one's report as it comes, the second's once the first is done.
  const held = [];
  const runs = engines.map((engine, index) => runMocha(engine.url, index === 0 ? (chunk) => process.stdout.write(chunk) : (chunk) => held.push(chunk)));
  process.stdout.write(heading(engines[0]));
  record(engines[0], await runs[0]);
  const second = await runs[1];
  process.stdout.write(heading(engines[1]));
  for (const chunk of held) process.stdout.write(chunk);
  record(engines[1], second);
} else {
  for (const engine of engines) {
    process.stdout.write(heading(engine));
    record(engine, await runMocha(engine.url, (chunk) => process.stdout.write(chunk)));
    if (failed) break;
  }
}
const seconds = Math.round((Date.now() - started) / 1000);
process.stdout.write(`\n=== e-carnet tests: ${engines.length === 1 ? 'SQLite' : 'SQLite and MariaDB/MySQL'}, ${seconds} s ===\n`);
// The plain closing line CI reads, summed over the engines.
process.stdout.write(`tests: ${totals.passing} passed, ${totals.failing} failed, ${totals.pending} skipped\n`);
process.exit(failed ? 1 : 0);

/** `--e2e-only` and `--jobs N` / `--jobs=N` are this script's; everything else is mocha's. */
function parseArguments(args) {
  const rest = [];
  let e2e = false;
  let jobCount;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--e2e-only') e2e = true;
    else if (arg === '--jobs' || arg === '-j') jobCount = Number(args[(i += 1)]);
    else if (arg.startsWith('--jobs=')) jobCount = Number(arg.slice('--jobs='.length));
    else rest.push(arg);
  }
  return { e2eOnly: e2e, jobs: jobCount, mochaArgs: rest };
}

function isBrowserSpec(file) {
  return file.startsWith('test/e2e/') || /(^|\/)browser[^/]*\.test\.ts$/.test(file);
}

/**
 * The spec files under test/ and connectors/, slowest first so that no long file starts last
 * and keeps one worker busy alone at the end: files that drive Chromium, start Apertium or spawn
 * the app's own processes, then the others, each group by size.
 */
function specFiles(keep) {
  const files = ['test', 'connectors']
    .flatMap((folder) => fs.readdirSync(path.join(ROOT, folder), { recursive: true }).map((file) => path.join(folder, String(file))))
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file.endsWith('.test.ts') && !file.includes('node_modules') && keep(file));
  const weight = (file) => {
    const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const heavy = /launchBrowser|startApertium|spawnSync?\(/.test(source);
    return (heavy ? 1e9 : 0) + source.length;
  };
  const weights = new Map(files.map((file) => [file, weight(file)]));
  return files.sort((a, b) => weights.get(b) - weights.get(a) || a.localeCompare(b));
}

function databaseName(url) {
  try {
    return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  } catch {
    return url;
  }
}

/** One mocha run on one engine, its output handed to `show` as it comes and read for mocha's closing counts. */
async function runMocha(url, show) {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const child = spawn('npx', ['mocha', ...modeArgs, ...specs, ...mochaArgs], {
    cwd: ROOT,
    stdio: ['inherit', 'pipe', 'inherit'],
    env: { ...env, TEST_DATABASE_URL: url },
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    show(chunk);
    output += chunk.toString();
  });
  const status = await new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  const count = (word) => Number(output.match(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))?.at(-1)?.trim().split(' ')[0] ?? 0);
  const counts = { passing: count('passing'), failing: count('failing'), pending: count('pending') };
  // A run that dies before mocha's summary has no counts: it still fails.
  return { status: status === 0 && counts.passing === 0 && counts.failing === 0 ? 1 : status, counts };
}

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}
