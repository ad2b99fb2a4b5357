import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const run = promisify(execFile);
const MARIADBD = '/usr/sbin/mariadbd';

/**
 * A MariaDB server of the test's own: its data folder under the temporary directory, its own
 * port, started as a child process so the test may freeze (SIGSTOP), thaw, stop and restart it.
 * The shared server on 3306 is never touched. Missing binaries fail the test, never skip it.
 */
export class PrivateMariaDb {
  private child: ChildProcess | undefined;
  private logTail = '';

  private constructor(
    readonly folder: string,
    readonly port: number,
  ) {}

  /** Installs a fresh data folder and starts the server (root, no password, 127.0.0.1 only). */
  static async start(): Promise<PrivateMariaDb> {
    for (const binary of ['mariadb-install-db', MARIADBD]) {
      const found = binary.startsWith('/') ? fs.existsSync(binary) : await run('which', [binary]).then(() => true, () => false);
      if (!found) throw new Error(`${binary} is missing: install Debian's mariadb-server to run the outage tests`);
    }
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ecarnet-outage-mariadb-'));
    const server = new PrivateMariaDb(folder, await freePort());
    try {
      await run(
        'mariadb-install-db',
        ['--no-defaults', '--user=root', `--datadir=${path.join(folder, 'data')}`, '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve'],
        { timeout: 120_000 },
      );
      await server.boot();
    } catch (error) {
      // The caller never gets a server to remove: leave nothing behind here.
      await server.remove();
      throw error;
    }
    return server;
  }

  /** `mysql://…` URL of `database` on this server. */
  url(database: string): string {
    return `mysql://root@127.0.0.1:${this.port}/${database}`;
  }

  /** True while the server process lives (frozen or not). */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The server process's id, to signal it. */
  get pid(): number {
    if (!this.child?.pid) throw new Error('the private MariaDB is not running');
    return this.child.pid;
  }

  freeze(): void {
    process.kill(this.pid, 'SIGSTOP');
  }

  thaw(): void {
    process.kill(this.pid, 'SIGCONT');
  }

  /** Stops the server (SIGTERM, then SIGKILL after 20 s) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid!, 'SIGCONT');
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(killer);
    this.child = undefined;
  }

  /** Starts the server again on the same folder and port, once it accepts connections. */
  async restart(): Promise<void> {
    await this.stop();
    await this.boot();
  }

  /** Stops the server and removes its folder. */
  async remove(): Promise<void> {
    await this.stop();
    fs.rmSync(this.folder, { recursive: true, force: true });
  }

  private async boot(): Promise<void> {
    const child = spawn(
      MARIADBD,
      [
        '--no-defaults',
        '--user=root',
        `--datadir=${path.join(this.folder, 'data')}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--socket=${path.join(this.folder, 'mariadb.sock')}`,
        `--pid-file=${path.join(this.folder, 'mariadb.pid')}`,
        '--skip-name-resolve',
        '--skip-log-bin',
        '--innodb-buffer-pool-size=32M',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr!.on('data', (chunk: Buffer) => (this.logTail = (this.logTail + chunk.toString()).slice(-4000)));
    this.child = child;
    const deadline = Date.now() + 60_000;
    while (!(await accepts(this.port))) {
      if (child.exitCode !== null) throw new Error(`the private MariaDB exited (${child.exitCode}):\n${this.logTail}`);
      if (Date.now() > deadline) throw new Error(`the private MariaDB did not start within 60 s:\n${this.logTail}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** True when something accepts a TCP connection on 127.0.0.1:port and greets (MariaDB's handshake). */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('data', () => done(true));
    socket.once('error', () => done(false));
  });
}

