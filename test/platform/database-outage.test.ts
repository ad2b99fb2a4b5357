import type { Server } from 'node:http';
import { expect } from 'chai';
import mysql from 'mysql2/promise';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { SessionStore } from '../../src/auth/session-store.js';
import { parseDatabaseUrl } from '../../src/config/database-url.js';
import { createDataSource } from '../../src/db/data-source.js';
import { runPendingMigrations } from '../../src/db/migrate.js';
import { createNotificationWorker } from '../../src/notify/start-worker.js';
import type { NotificationWorker } from '../../src/notify/worker.js';
import { systemClock } from '../../src/clock.js';
import { testConfig } from '../support/config.js';
import { SchoolFactory } from '../support/factories.js';
import { PrivateMariaDb } from '../support/private-mariadb.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

/** The bound the issue asks for: every answer during an outage within this, never at the client's timeout. */
const ANSWER_BOUND_MS = 3_000;
const WAIT_MS = 1_000;

interface Timed {
  readonly status: number;
  readonly ms: number;
  readonly body: string;
  readonly retryAfter: string | null;
}

/*
 * A MariaDB of the test's own (never the shared one on 3306) is frozen with SIGSTOP, thawed, then
 * stopped and started again, under a load of reads, writes, pages and probes. Every answer comes
 * within the bound, 503 SERVICE_UNAVAILABLE with Retry-After while the database cannot serve,
 * every accepted write is found afterwards, and service and notifications resume.
 */
describe('database outages: bounded 503 answers, nothing accepted lost, recovery', function () {
  this.timeout(240_000);
  let database: PrivateMariaDb | undefined;
  let dataSource: DataSource | undefined;
  let server: Server | undefined;
  let worker: NotificationWorker | undefined;
  let smtp: TestSmtpServer | undefined;
  let base = '';
  let headers: Record<string, string> = {};
  let pupilId = '';
  const accepted = new Set<string>();
  let sends = 0;

  before(async function () {
    this.timeout(180_000);
    database = await PrivateMariaDb.start();
    const admin = await mysql.createConnection({ host: '127.0.0.1', port: database.port, user: 'root' });
    await admin.query('CREATE DATABASE ecarnet_outage CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    await admin.end();
    const target = parseDatabaseUrl(database.url('ecarnet_outage'), '/tmp');
    if (typeof target === 'string') throw new Error(target);
    dataSource = createDataSource(target, { waitMs: WAIT_MS });
    await dataSource.initialize();
    await runPendingMigrations(dataSource);

    const school = await SchoolFactory.create(dataSource);
    const klass = await school.class();
    const child = await school.pupil(klass);
    await school.guardian([child], { person: await school.person({ email: 'parent@example.org' }) });
    const director = await school.director();
    pupilId = child.id;

    smtp = await startSmtpServer();
    const config = testConfig({ ECARNET_SMTP_URL: smtp.url, ECARNET_MAIL_FROM: 'ecole@example.org' });
    const { token, session } = await new SessionStore(dataSource, config.session).create(new Date(), { personId: director.id, signInMethod: 'test' });
    headers = { cookie: `ecarnet_session=${token}`, 'x-csrf-token': session.csrfToken, accept: 'application/json' };
    worker = createNotificationWorker(config, dataSource, pino({ level: 'silent' }), systemClock);
    worker.start(200);
    const app = createApp(config, { dataSource, logger: pino({ level: 'silent' }), onMessageAccepted: () => worker?.poke() });
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  after(async function () {
    this.timeout(60_000);
    try {
      if (database?.running) database.thaw();
      await worker?.stop(5_000);
      server?.closeAllConnections();
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      await dataSource?.destroy().catch(() => undefined);
      await smtp?.close();
    } finally {
      // Whatever failed above, the private server and its folder go.
      await database?.remove();
    }
  });

  const timed = async (path: string, init: RequestInit = {}): Promise<Timed> => {
    const started = performance.now();
    try {
      const response = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
      const body = await response.text();
      return { status: response.status, ms: performance.now() - started, body, retryAfter: response.headers.get('retry-after') };
    } catch (error) {
      return { status: 0, ms: performance.now() - started, body: String(error), retryAfter: null };
    }
  };
  const send = async (): Promise<Timed> => {
    const key = `outage-${++sends}-${Date.now()}`;
    const answer = await timed('/api/v1/messages', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ to: { audience: 'family', pupilId }, body: `Message ${key}`, urgent: true }),
    });
    if (answer.status === 201 || answer.status === 200) accepted.add(key);
    return answer;
  };
  /** Reads, writes, an Arabic page, the probes: what a busy instance sees, more requests than pooled connections. */
  const load = () =>
    Promise.all([
      ...Array.from({ length: 24 }, () => timed('/api/v1/me', { headers })),
      ...Array.from({ length: 8 }, () => send()),
      timed('/home', { headers: { cookie: headers.cookie!, accept: 'text/html', 'accept-language': 'ar' } }),
    ]);
  const expectUnavailable = (answers: readonly Timed[]) => {
    for (const answer of answers) {
      expect(answer.ms, `${answer.status} ${answer.body.slice(0, 200)}`).to.be.below(ANSWER_BOUND_MS);
      expect(answer.status, answer.body.slice(0, 200)).to.equal(503);
      expect(answer.retryAfter).to.match(/^\d+$/);
    }
    const json = answers.filter((answer) => answer.body.startsWith('{'));
    expect(json.length).to.be.greaterThan(0);
    for (const answer of json) expect(JSON.parse(answer.body).error.code).to.equal('SERVICE_UNAVAILABLE');
    const page = answers.find((answer) => answer.body.includes('<html'));
    expect(page, 'the HTML page').not.to.equal(undefined);
    expect(page!.body).to.include('lang="ar"').and.include('dir="rtl"').and.include('الخدمة غير متاحة مؤقتًا');
    expect(page!.body).not.to.match(/ETIMEDOUT|PROTOCOL|mysql|DatabaseWait|at \w+ \(/i);
  };
  const probesWhileDown = async () => {
    // Asked alone, after the burst: on a shared machine the burst's own work would be timed too.
    const ready = await timed('/readyz');
    const health = await timed('/healthz');
    expect(ready.status).to.equal(503);
    expect(ready.ms).to.be.below(1_200);
    expect(JSON.parse(ready.body).error.code).to.equal('SERVICE_UNAVAILABLE');
    expect(ready.retryAfter).to.match(/^\d+$/);
    expect(health.status).to.equal(200);
    expect(health.ms).to.be.below(500);
  };
  const recoveryMs = async (): Promise<number> => {
    const started = performance.now();
    for (;;) {
      const [ready, me] = await Promise.all([timed('/readyz'), timed('/api/v1/me', { headers })]);
      if (ready.status === 200 && me.status === 200) return performance.now() - started;
      if (performance.now() - started > 15_000) throw new Error(`not recovered: readyz ${ready.status}, /me ${me.status} ${me.body.slice(0, 200)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('serves normally before the outage', async () => {
    expect((await send()).status).to.equal(201);
    expect((await timed('/readyz')).status).to.equal(200);
  });

  it('answers 503 within the bound while the database is frozen (SIGSTOP), and recovers at once after SIGCONT', async () => {
    database!.freeze();
    try {
      expectUnavailable(await load());
      await probesWhileDown();
      // The worker's rounds fail too: it backs off rather than hammering a silent database.
      await new Promise((resolve) => setTimeout(resolve, WAIT_MS * 2));
      expect(worker!.nextPollMs(200)).to.be.greaterThan(200);
    } finally {
      database!.thaw();
    }
    expect(await recoveryMs()).to.be.below(1_000);
    expect((await send()).status).to.equal(201);
  });

  it('answers 503 at once while the database is stopped, and serves again once it is back', async () => {
    await database!.stop();
    expectUnavailable(await load());
    await probesWhileDown();
    await database!.restart();
    expect(await recoveryMs()).to.be.below(1_000);
    expect((await send()).status).to.equal(201);
  });

  it('lost nothing it accepted, and the worker delivered every notification after the outages', async () => {
    const keys = [...accepted];
    expect(keys.length).to.be.at.least(3);
    const rows = (await dataSource!.query(`SELECT idempotencyKey FROM message WHERE idempotencyKey IN (${keys.map(() => '?').join(',')})`, keys)) as {
      idempotencyKey: string;
    }[];
    expect(rows.map((row) => row.idempotencyKey).sort()).to.deep.equal(keys.sort());
    // Every job of the accepted messages ends sent: the worker resumed by itself. A job claimed just
    // as the database froze waits for its claim (30 s) to expire, then goes under the same id.
    const deadline = Date.now() + 60_000;
    let pending = -1;
    while (Date.now() < deadline) {
      const left = (await dataSource!.query(`SELECT COUNT(*) AS n FROM notification_job WHERE status <> 'sent'`)) as { n: number | string }[];
      pending = Number(left[0]!.n);
      if (pending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(pending).to.equal(0);
    const jobs = (await dataSource!.query('SELECT COUNT(*) AS n FROM notification_job')) as { n: number | string }[];
    expect(Number(jobs[0]!.n)).to.be.at.least(keys.length);
  });
});
