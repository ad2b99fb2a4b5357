import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';
import { loopbackRequest } from './loopback-client.js';
import { makeTestKeyPair } from './test-certificate.js';

const HAPROXY = '/usr/sbin/haproxy';
/** The configuration the README's deployment section shows: tests run that very file. */
export const HAPROXY_CONFIG = path.resolve(import.meta.dirname, '../../deploy/haproxy.cfg');

export { freePort } from './free-port.js';

/** Debian's HAProxy running the repository's configuration in front of some app instances. */
export interface RunningProxy {
  /** `https://127.0.0.1:<port>`, TLS with a throwaway self-signed certificate. */
  readonly httpsUrl: string;
  /** `http://127.0.0.1:<port>`, which only redirects to https. */
  readonly httpUrl: string;
  /** What HAProxy logged (its request log, one line per request). */
  log(): string;
  /** Its process id (a benchmark reads its CPU time). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Starts HAProxy with `deploy/haproxy.cfg` on loopback ports, a throwaway certificate for
 * 127.0.0.1, and the given instances (`127.0.0.1:PORT`) as its backends. The https port is a free
 * one unless given (an app that must know its public URL before the proxy starts). Missing HAProxy is a
 * failure, never a skip: `.ci/run` installs it.
 */
export async function startHaproxy(backends: readonly string[], options: { httpsPort?: number } = {}): Promise<RunningProxy> {
  if (!fs.existsSync(HAPROXY)) throw new Error(`${HAPROXY} is missing: apt-get install -y haproxy (.ci/run does it)`);
  if (backends.length < 1 || backends.length > 4) throw new Error('the configuration names one to four instances');
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ecarnet-haproxy-'));
  const pair = makeTestKeyPair('127.0.0.1');
  const certificate = path.join(folder, 'proxy.pem');
  fs.writeFileSync(certificate, pair.certificate + pair.privateKey, { mode: 0o600 });
  const [httpsPort, httpPort] = [options.httpsPort ?? (await freePort()), await freePort()];
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LB_BIND: `127.0.0.1:${httpsPort}`,
    LB_HTTP_BIND: `127.0.0.1:${httpPort}`,
    LB_CERT: certificate,
  };
  backends.forEach((backend, index) => (env[`LB_APP${index + 1}`] = backend));
  let output = '';
  const child: ChildProcess = spawn(HAPROXY, ['-db', '-f', HAPROXY_CONFIG], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(httpsPort, () => child.exitCode !== null, () => output);
  return {
    httpsUrl: `https://127.0.0.1:${httpsPort}`,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    log: () => output,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, exited: () => boolean, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`haproxy exited:\n${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`haproxy did not listen on ${port}:\n${output()}`);
}

/**
 * Waits until the proxy answers 200 on `/readyz`: its health checks have found a ready instance
 * (until then it answers 503 itself).
 */
export async function untilProxyReady(proxy: RunningProxy, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await loopbackRequest(`${proxy.httpsUrl}/readyz`, { timeoutMs: 2000 }).catch(() => undefined);
    if (answer?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`the proxy never reached a ready instance (${answer?.status ?? 'no answer'}):\n${proxy.log()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** An instance on a loopback port of its own, behind HAProxy, whose app is given later. */
export interface InstanceBehindProxy {
  readonly proxy: RunningProxy;
  /** Serves this app from now on (until then the instance answers 503, and is not ready). */
  attach(app: (req: IncomingMessage, res: ServerResponse) => void): void;
  /** Stops the instance (the proxy goes on, and finds it gone). */
  closeInstance(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The instance listens first, on a port the kernel gives it (so no other test can take it
 * meanwhile), HAProxy starts in front of it, and the app, which must know its public address
 * (the proxy's https URL) before it is built, is attached last.
 */
export async function startInstanceBehindProxy(): Promise<InstanceBehindProxy> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  const proxy = await startHaproxy([`127.0.0.1:${address.port}`]);
  let closed: Promise<void> | undefined;
  const closeInstance = () => {
    closed ??= new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
    return closed;
  };
  return {
    proxy,
    attach: (app) => (handler = app),
    closeInstance,
    async stop() {
      await proxy.stop();
      await closeInstance();
    },
  };
}
