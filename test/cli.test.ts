import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths.js';

const MAIN = path.join(PROJECT_ROOT, 'src', 'main.ts');

/** The environment of a fresh machine: none of the run's own variables. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  return { ...env, ECARNET_LOG_LEVEL: 'warn', ...extra };
}

function runCli(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: PROJECT_ROOT, env: cleanEnv(env), encoding: 'utf8' });
}

describe('command line', function () {
  this.timeout(60_000);
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e-carnet-cli-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('refuses to start on a bad configuration, listing every problem, with exit code 78', () => {
    const result = runCli(['start'], { ECARNET_MODE: 'production', ECARNET_PORTT: '1', DATABASE_URL: 'ftp://x/y' });
    expect(result.status).to.equal(78);
    expect(result.stderr).to.include('e-carnet cannot start: 4 configuration problem(s)');
    expect(result.stderr).to.include('ECARNET_PORTT: unknown setting');
    expect(result.stderr).to.include('DATABASE_URL: unsupported scheme');
    expect(result.stderr).to.include('ECARNET_SECRET_KEY: required in production');
    expect(result.stderr).to.include('ECARNET_BASE_URL: required in production');
  });

  it('answers an unknown command with its usage', () => {
    const result = runCli(['frobnicate'], {});
    expect(result.status).to.equal(2);
    expect(result.stderr).to.include('usage: e-carnet <command>');
  });

  it('refuses to start on a schema behind the code when it may not migrate, and migrates on request', () => {
    const env = { ECARNET_DATA_DIR: dataDir, ECARNET_AUTO_MIGRATE: 'false', PORT: '0' };
    const refused = runCli(['start'], env);
    expect(refused.status).to.equal(1);
    expect(refused.stderr).to.include('run `npm run migrate` first');
    const migrated = runCli(['migrate'], env);
    expect(migrated.status).to.equal(0);
    expect(migrated.stdout).to.include('applied: Foundation1763800000000');
    expect(runCli(['migrate'], env).stdout).to.include('the database is up to date');
  });

  it('starts on an empty embedded database with the demo school, prints its URL, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'start'], {
      cwd: PROJECT_ROOT,
      env: cleanEnv({ ECARNET_DATA_DIR: dataDir, PORT: '0' }),
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = /open (http:\/\/localhost:\d+)/.exec(output);
        if (found) resolve(found[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    expect(output).to.include(`Demo school: choose who to sign in as at ${url}/demo`);
    expect(fs.existsSync(path.join(dataDir, 'e-carnet.sqlite'))).to.equal(true);
    // Demo mode keeps its generated secret in the data folder, readable by the owner only.
    expect(fs.statSync(path.join(dataDir, 'demo-secret.key')).mode & 0o777).to.equal(0o600);
    expect((await fetch(`${url}/readyz`)).status).to.equal(200);
    const demo = await fetch(`${url}/demo`);
    expect(demo.status).to.equal(200);
    expect(await demo.text()).to.include('Nathalie Dubois');

    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).to.equal(0);
  });
});

describe('command line: operator commands', function () {
  // Each command is a process of its own (tsx compiling on a busy machine).
  this.timeout(240_000);
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e-carnet-cli-operator-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('creates and lists a school on the embedded database, and prints an appointment link', () => {
    const env = { ECARNET_DATA_DIR: dataDir, ECARNET_DEMO_SEED: 'false', ECARNET_BASE_URL: 'https://carnet.example.fr' };
    const wrong = runCli(['school:create', '--uai', '0750001A', '--name', 'École du glossaire', '--type', 'ecole'], env);
    expect(wrong.status).to.equal(1);
    expect(wrong.stderr).to.include('error: SCHOOL_UAI_CHECK_LETTER_WRONG');
    const created = runCli(['school:create', '--uai', '0750654D', '--name', 'Lycée Henri-IV', '--type', 'lycée'], env);
    expect(created.status, created.stderr).to.equal(0);
    expect(created.stdout).to.include('created 0750654D Lycée Henri-IV (lycee, cycles -, Europe/Paris)');
    expect(runCli(['school:list'], env).stdout).to.match(/0750654D\tLycée Henri-IV\tlycee\topen/);
    const link = runCli(['director:link', '0750654D'], env);
    expect(link.stdout).to.match(/(^|\n)https:\/\/carnet\.example\.fr\/appointments\/[A-Za-z0-9_-]{43}\n/);
    expect(link.stderr).to.include('valid 7 days; it is not shown again');
  });
});
