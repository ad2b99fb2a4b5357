import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { PROJECT_ROOT } from '../src/paths.js';
import { benchSession } from './messaging-send.js';
import type { BenchSchool } from './messaging-school.js';
import type { SmtpSink } from './smtp-sink.js';

/** Starts the real command line (`src/main.ts start`) and waits for the address it prints. */
async function startModule(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'main.ts'), 'start'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /open (http:\/\/\S+)/.exec(seen);
      if (match) resolve(match[1]!.replace('localhost', '127.0.0.1'));
    });
    child.once('exit', (code) => reject(new Error(`e-carnet exited (${code}) before listening`)));
  });
  child.stdout!.resume();
  return { url, child };
}

/**
 * Benchmark 7: 1,000 messages sent with client retries while the process is killed (SIGKILL)
 * and restarted. Afterwards exactly 1,000 messages exist and every notification reached the SMTP
 * server (duplicates, if a kill fell between a send and its bookkeeping, carry the same Message-ID).
 */
export async function benchKillDuringSends(dataSource: DataSource, databaseUrl: string, school: BenchSchool, sink: SmtpSink): Promise<boolean> {
  const env = {
    DATABASE_URL: databaseUrl,
    PORT: '0',
    ECARNET_HOST: '127.0.0.1',
    ECARNET_DEMO_SEED: 'false',
    ECARNET_LOG_LEVEL: 'warn',
    ECARNET_SMTP_URL: sink.url,
    ECARNET_MAIL_FROM: 'bench@example.org',
  };
  const run = `kill-${Date.now().toString(36)}`;
  const total = 1000;
  const headers = await benchSession(dataSource, school.directorId);
  const done = new Set<number>();
  let server = await startModule(env);
  let killed = false;
  const started = performance.now();

  const sendOne = async (index: number): Promise<void> => {
    const body = JSON.stringify({ to: { audience: 'family', pupilId: school.pupilIds[index % school.pupilIds.length] }, body: `Message ${index}`, urgent: true });
    for (;;) {
      try {
        const response = await fetch(`${server.url}/api/v1/messages`, {
          method: 'POST',
          headers: { ...headers, 'idempotency-key': `${run}-${index}` },
          body,
          signal: AbortSignal.timeout(5000),
        });
        if (response.status === 201 || response.status === 200) {
          done.add(index);
          return;
        }
      } catch {
        // The server is down or was killed mid-request: retry with the same key.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const queue = Array.from({ length: total }, (_, index) => index);
  const lanes = Array.from({ length: 8 }, async () => {
    for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
      await sendOne(index);
      if (!killed && done.size >= 300) {
        killed = true;
        server.child.kill('SIGKILL');
        await new Promise((resolve) => server.child.once('exit', resolve));
        server = await startModule(env);
      }
    }
  });
  await Promise.all(lanes);
  const stored = (await dataSource.query(
    'SELECT COUNT(*) AS n FROM message WHERE senderId = ? AND idempotencyKey >= ? AND idempotencyKey < ?',
    [school.directorId, `${run}-`, `${run}.`],
  )) as { n: number | string }[];
  const messages = Number(stored[0]!.n);

  const jobIds = ((await dataSource.query(
    `SELECT j.id AS id FROM notification_job j JOIN message m ON m.id = j.messageId
      WHERE m.senderId = ? AND m.idempotencyKey >= ? AND m.idempotencyKey < ?`,
    [school.directorId, `${run}-`, `${run}.`],
  )) as { id: string }[]).map((row) => row.id);
  let delivered = 0;
  while (performance.now() - started < 180_000) {
    delivered = jobIds.filter((id) => sink.received.has(`${id}@localhost`)).length;
    if (delivered === jobIds.length) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const twice = jobIds.filter((id) => (sink.received.get(`${id}@localhost`) ?? 0) > 1).length;
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
  const met = messages === total && delivered === jobIds.length;
  process.stdout.write(
    `\nMessaging: 1,000 sends with client retries, the process killed (SIGKILL) after ${300} and restarted\n` +
      `  ${messages} messages stored (exactly ${total} expected); ${delivered} of ${jobIds.length} notifications handed to SMTP, ` +
      `${twice} of them twice under the same Message-ID; ${((performance.now() - started) / 1000).toFixed(1)} s in all\n` +
      `  ${met ? 'met' : 'NOT met'}\n`,
  );
  return met;
}
