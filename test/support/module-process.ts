import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';
import { loopbackRequest } from './loopback-client.js';

/** The real command line (`src/main.ts`) running as a process of its own. */
export interface ModuleProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** What it printed (stdout and stderr), for the failure message. */
  output(): string;
  /** Kills it with the signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `src/main.ts <command>` with exactly the given environment (plus PATH and HOME). For
 * `start`, waits until `/healthz` answers on `port`; a process that exits first fails loudly.
 */
export async function startModuleProcess(name: string, command: 'start' | 'worker', env: Record<string, string>, port?: number): Promise<ModuleProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'main.ts'), command], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env, ...(port === undefined ? {} : { PORT: String(port) }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running: ModuleProcess = {
    name,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  if (command === 'worker') {
    // A worker serves no HTTP and its logs are written in batches: it is up once it has run for a
    // few seconds without exiting (a schema behind the code or a bad configuration exits at once).
    const startedAt = Date.now();
    await waitFor(() => Date.now() - startedAt > 3000, () => child.exitCode !== null, `${name} exited:\n${output}`);
    return running;
  }
  let healthy = false;
  await waitFor(
    () => healthy,
    () => child.exitCode !== null,
    `${name} did not answer /healthz:\n${output}`,
    async () => {
      healthy = (await loopbackRequest(`http://127.0.0.1:${port}/healthz`, { timeoutMs: 1000 }).catch(() => undefined))?.status === 200;
    },
  );
  return running;
}

async function waitFor(done: () => boolean, failed: () => boolean, message: string, poll?: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    await poll?.();
    if (done()) return;
    if (failed()) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(message);
}
