import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { PROJECT_ROOT } from '../../src/paths.js';
import { freePort } from '../support/free-port.js';

interface Started {
  readonly child: ChildProcess;
  readonly port: number;
  readonly exited: Promise<number | null>;
}

/** Starts the real command line (`src/main.ts start`) on a fresh SQLite folder and waits for its address. */
async function startModule(dataDir: string, env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'main.ts'), 'start'], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ECARNET_DATA_DIR: dataDir,
      PORT: '0',
      ECARNET_HOST: '127.0.0.1',
      ECARNET_DEMO_SEED: 'false',
      ECARNET_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /open http:\/\/localhost:(\d+)/.exec(seen);
      if (match) resolve(Number(match[1]));
    });
    void exited.then((code) => reject(new Error(`e-carnet exited (${code}) before listening: ${errors}`)));
  });
  return { child, port, exited };
}

/** A POST whose body arrives slowly: the first half now, the rest when `finish` is called. */
function slowRequest(port: number): { finish(): void; answer: Promise<string> } {
  const body = JSON.stringify({ to: { audience: 'school' }, body: 'Une requête lente, encore en route au moment de l’arrêt' });
  const socket = net.connect(port, '127.0.0.1');
  const half = Math.floor(Buffer.byteLength(body) / 2);
  const bytes = Buffer.from(body);
  socket.write(
    `POST /api/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json\r\n` +
      `Content-Length: ${bytes.length}\r\n\r\n`,
  );
  socket.write(bytes.subarray(0, half));
  const answer = new Promise<string>((resolve) => {
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('close', () => resolve(received));
    socket.on('error', () => resolve(received));
  });
  return { finish: () => socket.end(bytes.subarray(half)), answer };
}


function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/* SIGTERM on the real process: it stops accepting, lets the requests in flight finish, and stops within its grace. */
describe('graceful shutdown on SIGTERM', function () {
  this.timeout(90_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecarnet-shutdown-'));
  const children: ChildProcess[] = [];

  after(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes a slow in-flight request after SIGTERM, refuses new connections, then exits 0', async () => {
    const metricsPort = await freePort();
    const started = await startModule(dataDir, { ECARNET_SHUTDOWN_GRACE_SECONDS: '30', ECARNET_METRICS_PORT: String(metricsPort) });
    children.push(started.child);
    // The metrics listener the operator asked for runs beside the server, and stops with it.
    const scrape = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(scrape.status).to.equal(200);
    expect(await scrape.text()).to.include('# TYPE ecarnet_http_request_duration_seconds histogram');
    const slow = slowRequest(started.port);
    await new Promise((resolve) => setTimeout(resolve, 300));
    started.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(started.child.exitCode, 'still running while a request is in flight').to.equal(null);
    expect(await refusesConnections(started.port)).to.equal(true);

    slow.finish();
    const answer = await slow.answer;
    // The request was answered in full (refused for want of a session, as it carries none).
    expect(answer).to.match(/^HTTP\/1\.1 4\d\d /);
    expect(answer).to.match(/"code":"(AUTHENTICATION_REQUIRED|CSRF_TOKEN_MISSING)"/);
    expect(await started.exited).to.equal(0);
    expect(await refusesConnections(metricsPort)).to.equal(true);
  });

  it('cuts a request that never ends once the grace is over, and still exits', async () => {
    const started = await startModule(dataDir, { ECARNET_SHUTDOWN_GRACE_SECONDS: '2' });
    children.push(started.child);
    const stuck = slowRequest(started.port);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const signalled = performance.now();
    started.child.kill('SIGTERM');
    expect(await started.exited).to.equal(0);
    expect(performance.now() - signalled).to.be.within(1_800, 6_000);
    expect(await stuck.answer).to.equal('');
  });
});
