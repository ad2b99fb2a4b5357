import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseTarget } from '../../src/config/database-url.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { emptyScratchTarget } from './support.js';

const MAIN = path.join(PROJECT_ROOT, 'src', 'main.ts');

function databaseUrl(target: DatabaseTarget): string {
  return target.kind === 'sqlite' ? `sqlite:${target.file}` : target.url;
}

/** The environment of an operator's shell: none of the test run's own variables. */
function env(target: DatabaseTarget, dataDir: string, media: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ECARNET_LOG_LEVEL: 'warn',
    ECARNET_DATA_DIR: dataDir,
    ECARNET_MEDIA_DIR: media,
    ECARNET_AUTO_MIGRATE: 'true',
    DATABASE_URL: databaseUrl(target),
  };
}

function runCli(args: string[], environment: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: PROJECT_ROOT, env: environment, encoding: 'utf8' });
}

describe('backup and restore commands', function () {
  this.timeout(180_000);
  let work: string;
  let server: ChildProcess | undefined;
  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'e-carnet-backup-cli-'));
  });
  after(() => {
    server?.kill('SIGTERM');
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('backs up while the server runs, and restores it into an empty database, verified', async () => {
    const live = await emptyScratchTarget('cli');
    const liveEnv = env(live, path.join(work, 'data'), path.join(work, 'media'));
    server = spawn(process.execPath, ['--import', 'tsx', MAIN, 'start'], { cwd: PROJECT_ROOT, env: { ...liveEnv, PORT: '0' } });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      server!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = /open (http:\/\/localhost:\d+)/.exec(output);
        if (found) resolve(found[1]!);
      });
      server!.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${output}`)));
    });
    fs.mkdirSync(path.join(work, 'media', 'schools', 'x'), { recursive: true });
    fs.writeFileSync(path.join(work, 'media', 'schools', 'x', 'original.jpg'), 'bytes of a photo');

    const backup = runCli(['backup', path.join(work, 'backup')], liveEnv);
    expect(backup.status, backup.stderr).to.equal(0);
    expect(backup.stdout).to.match(/backup written to .*backup\n/).and.match(/\d+ tables, \d+ rows/).and.include('media: 1 files');
    // The server went on serving, the demo school included.
    expect(await (await fetch(`${url}/demo`)).text()).to.include('Nathalie Dubois');
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
    server = undefined;

    const restoredEnv = env(await emptyScratchTarget('cli_restore'), path.join(work, 'data-restored'), path.join(work, 'media-restored'));
    const restore = runCli(['restore', path.join(work, 'backup')], restoredEnv);
    expect(restore.status, restore.stderr).to.equal(0);
    expect(restore.stdout).to.include('verified: every table has its row count and every media file its bytes');
    expect(fs.readFileSync(path.join(work, 'media-restored', 'schools', 'x', 'original.jpg'), 'utf8')).to.equal('bytes of a photo');
  });
});
