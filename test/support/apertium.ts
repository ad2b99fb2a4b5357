import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { freePort } from './free-port.js';

const APY = '/usr/bin/apertium-apy';
const MODES = '/usr/share/apertium/modes';

/** A real Apertium APy server with the French ↔ Spanish pair. */
export interface TestApertium {
  readonly url: string;
  close(): Promise<void>;
}


/** APy exited before answering (e.g. its port was taken). */
class ApertiumExited extends Error {}

/**
 * Starts APy on a free loopback port and waits until it translates French into Spanish.
 * Missing packages are a failure, never a skip: `.ci/run` installs `apertium-apy apertium-fr-es`.
 */
export async function startApertium(): Promise<TestApertium> {
  if (!fs.existsSync(APY)) throw new Error(`${APY} is missing: apt-get install -y apertium-apy apertium-fr-es (.ci/run does it)`);
  if (!fs.existsSync(`${MODES}/fr-es.mode`)) throw new Error(`${MODES}/fr-es.mode is missing: apt-get install -y apertium-fr-es`);
  // APy takes a port number, not port 0: between the probe and APy's bind, another process (a
  // parallel test worker) may take the free port. APy then exits at once; try another port.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startApertiumOn(await freePort());
    } catch (error) {
      if (!(error instanceof ApertiumExited) || attempt === 3) throw error;
    }
  }
}

async function startApertiumOn(port: number): Promise<TestApertium> {
  const child: ChildProcess = spawn(APY, ['-p', String(port), '-j', '1', MODES], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new ApertiumExited(`apertium-apy exited (${child.exitCode}): ${output}`);
    try {
      const response = await fetch(`${url}/translate`, { method: 'POST', body: new URLSearchParams({ q: 'Bonjour', langpair: 'fr|es' }) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`apertium-apy did not answer within 30 s: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
