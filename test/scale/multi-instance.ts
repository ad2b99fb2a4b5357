/*
 * Several instances, one database, a real load balancer. Three app processes (HTTP only) and
 * two notification workers of the real command line, on one MariaDB database and one S3 store
 * (s3rver), behind Debian's HAProxy running deploy/haproxy.cfg. Under a bounded load of parents
 * reading, the school sending messages with Idempotency-Key and a teacher posting photos, one app
 * instance and one worker are killed (SIGKILL), then brought back. Afterwards:
 *   - every request answered 2xx left its data, and each retried send exists once;
 *   - every notification of those messages reached the SMTP server;
 *   - a session opened on the killed instance goes on through the others;
 *   - a rate limit counts across instances (the hits on one are seen by the others);
 *   - sign-in state made on one instance is accepted by another, and spent for all (an LTI
 *     login, a SAML AuthnRequest's InResponseTo, an OIDC state: started on one, finished on
 *     another, replayed on a third);
 *   - photos being uploaded to the instance when it is killed leave, after the orphan sweep, no
 *     object in S3 that no row names (an object stored without its row is planted too, as a kill
 *     between storing and recording leaves it, so the check can fail).
 * Run by `.ci/run` (and `npm run test:instances`); needs MariaDB (INSTANCES_DATABASE_URL, default
 * mysql://root@127.0.0.1:3306/ecarnet_instances_ci, emptied) and HAProxy. Exits non-zero and says
 * why when a check fails; ends with a "N passed, N failed" line.
 */
import { performance } from 'node:perf_hooks';
import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import pino from 'pino';
import mysql from 'mysql2/promise';
import sharp from 'sharp';
import { SessionStore } from '../../src/auth/session-store.js';
import { createDataSource } from '../../src/db/data-source.js';
import { S3MediaStorage, sweepOrphanMedia } from '../../src/media/index.js';
import { newId } from '../../src/model/columns.js';
import { parseDatabaseUrl } from '../../src/config/database-url.js';
import { recreateDatabase } from '../support/database.js';
import { freePort, startHaproxy, type RunningProxy } from '../support/haproxy.js';
import { loopbackRequest, type LoopbackAnswer } from '../support/loopback-client.js';
import { startModuleProcess, type ModuleProcess } from '../support/module-process.js';
import { startS3Server, type TestS3Server } from '../support/s3-server.js';
import { startSignInProviders, type SignInProviders } from './sign-in-across-instances.js';
import { startSmtpSink, type SmtpSink } from '../../bench/smtp-sink.js';
import type { DataSource } from 'typeorm';
import { systemClock } from '../../src/clock.js';
import { runInTransaction } from '../../src/db/transaction.js';
import { ensureDeployment, insertPlatform } from '../../src/lti/platforms/registry.js';
import { LtiPlatformSimulator, ROLE, type SimMessage } from '../support/lti-platform.js';

const DATABASE_URL = process.env.INSTANCES_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/ecarnet_instances_ci';
const LOAD_SECONDS = Number(process.env.INSTANCES_LOAD_SECONDS ?? 20);
const KILL_AT_SECONDS = LOAD_SECONDS * 0.3;
const BACK_AT_SECONDS = LOAD_SECONDS * 0.6;

interface Check {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}
const checks: Check[] = [];
function check(name: string, passed: boolean, detail: string): void {
  checks.push({ name, passed, detail });
  process.stdout.write(`  ${passed ? 'ok  ' : 'FAIL'} ${name}: ${detail}\n`);
}

/** The run's database, emptied: its name must say it is one for tests. */
async function emptyDatabase(): Promise<void> {
  const target = parseDatabaseUrl(DATABASE_URL, '/tmp');
  if (typeof target === 'string' || target.kind !== 'mysql') throw new Error('INSTANCES_DATABASE_URL must be a MariaDB/MySQL URL');
  if (!/(test|ci)/i.test(target.database)) throw new Error(`refusing to empty "${target.database}": its name must contain test or ci`);
  await recreateDatabase(target);
}

/** The demo school's people this run acts as. */
interface Cast {
  readonly schoolId: string;
  readonly directorId: string;
  readonly teacherId: string;
  readonly classId: string;
  readonly parents: readonly { personId: string; pupilId: string }[];
  readonly pupilIds: readonly string[];
}

async function castOf(pool: mysql.Pool): Promise<Cast> {
  const one = async (sql: string, values: unknown[] = []) => ((await pool.query(sql, values))[0] as Record<string, string>[])[0]!;
  const school = await one('SELECT id FROM school WHERE isDemo = 1');
  const person = async (given: string, family: string) => (await one('SELECT id FROM person WHERE givenName = ? AND familyName = ?', [given, family])).id!;
  const teacherId = await person('Claire', 'Martin');
  const klass = await one('SELECT classId FROM teaching_assignment WHERE teacherId = ? LIMIT 1', [teacherId]);
  const [guardianships] = (await pool.query(
    `SELECT g.guardianId AS personId, g.childId AS pupilId FROM guardianship g
      WHERE g.status = 'full' AND g.approval = 'approved' AND g.effectiveTo IS NULL ORDER BY g.guardianId`,
  )) as unknown as [{ personId: string; pupilId: string }[]];
  const [pupils] = (await pool.query('SELECT pupilId FROM enrolment WHERE classId = ? AND endedAt IS NULL', [klass.classId])) as unknown as [{ pupilId: string }[]];
  return {
    schoolId: school.id!,
    directorId: await person('Nathalie', 'Dubois'),
    teacherId,
    classId: klass.classId!,
    parents: guardianships.slice(0, 4),
    pupilIds: pupils.map((row) => row.pupilId),
  };
}

/** The headers of an API client signed in as a person (a session row, as any sign-in makes). */
async function apiHeaders(store: SessionStore, personId: string): Promise<Record<string, string>> {
  const { token, session } = await store.create(new Date(), { personId, signInMethod: 'instances-check' });
  return { cookie: `ecarnet_session=${token}`, 'x-csrf-token': session.csrfToken, accept: 'application/json' };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<number> {
  await emptyDatabase();
  const s3 = await startS3Server('ecarnet-instances');
  const smtp = await startSmtpSink();
  const ports = [await freePort(), await freePort(), await freePort()];
  const env: Record<string, string> = {
    DATABASE_URL,
    ECARNET_MODE: 'demo',
    ECARNET_HOST: '127.0.0.1',
    ECARNET_SECRET_KEY: 'instances-check-secret-0123456789-abcdefghijklmnop',
    ECARNET_LOG_LEVEL: 'warn',
    ECARNET_TRUST_PROXY: 'loopback',
    ECARNET_WORKER: 'off',
    ECARNET_SMTP_URL: smtp.url,
    ECARNET_MAIL_FROM: 'e-carnet <no-reply@example.org>',
    ECARNET_MEDIA_STORAGE: 's3',
    ECARNET_S3_ENDPOINT: s3.endpoint,
    ECARNET_S3_REGION: s3.region,
    ECARNET_S3_BUCKET: s3.bucket,
    ECARNET_S3_ACCESS_KEY_ID: s3.accessKeyId,
    ECARNET_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
  };
  const proxyPorts = { https: await freePort() };
  const baseUrl = `https://127.0.0.1:${proxyPorts.https}`;
  const signIns: SignInProviders = await startSignInProviders(baseUrl);
  const appEnv = { ...env, ...signIns.env, ECARNET_BASE_URL: baseUrl, ECARNET_AUTO_MIGRATE: 'false', ECARNET_DEMO_SEED: 'false' };

  const processes: ModuleProcess[] = [];
  let proxy: RunningProxy | undefined;
  const target = parseDatabaseUrl(DATABASE_URL, '/tmp');
  if (typeof target === 'string') throw new Error(target);
  const dataSource = createDataSource(target);
  const pool = mysql.createPool({ uri: DATABASE_URL.replace(/^mariadb:/, 'mysql:'), connectionLimit: 4 });
  try {
    // The schema and the demo school, made once by the command line as an operator would.
    await runCommand('seed-demo', { ...env, ECARNET_BASE_URL: baseUrl });

    const apps = await Promise.all(ports.map((port, index) => startModuleProcess(`app${index + 1}`, 'start', appEnv, port)));
    const workers = await Promise.all([1, 2].map((index) => startModuleProcess(`worker${index}`, 'worker', appEnv)));
    processes.push(...apps, ...workers);
    proxy = await startHaproxy(ports.map((port) => `127.0.0.1:${port}`), { httpsPort: proxyPorts.https });
    await untilReady(`${baseUrl}/readyz`);

    await dataSource.initialize();
    const store = new SessionStore(dataSource, { idleMinutes: 120, maxHours: 12 });
    const cast = await castOf(pool);
    const director = await apiHeaders(store, cast.directorId);
    const teacher = await apiHeaders(store, cast.teacherId);
    const parents = await Promise.all(cast.parents.map(async (parent) => ({ ...parent, headers: await apiHeaders(store, parent.personId) })));

    // A session opened through app2 itself, as a browser would sign in there.
    const onKilled = await demoSignIn(`http://127.0.0.1:${ports[1]}`, cast.parents[0]!.personId);

    const outcome = await runLoad({ baseUrl, cast, director, teacher, parents, apps, workers, appEnv, ports });
    processes.splice(0, processes.length, ...outcome.processes);

    process.stdout.write(
      `\nLoad: ${outcome.requests} requests in ${LOAD_SECONDS} s through HAProxy to 3 instances (app2 and worker1 killed at ${KILL_AT_SECONDS.toFixed(0)} s, back at ${BACK_AT_SECONDS.toFixed(0)} s); ` +
        `${outcome.refused} answered 5xx or failed while an instance was down (retried by the clients)\n\n`,
    );

    await checkMessages(pool, outcome, smtp);
    await checkPhotos(pool, s3, outcome.mediumIds);
    await checkNoOrphanAfterSweep(dataSource, s3, cast.schoolId, outcome.cutUploads);
    const after = await loopbackRequest(`${baseUrl}/home`, { headers: { cookie: onKilled } });
    check('a session opened on the killed instance goes on through the others', after.status === 200, `GET /home with app2's session cookie answered ${after.status}`);
    await checkSharedRateLimit(ports, director, cast.schoolId);
    await checkLtiAcrossInstances(dataSource, cast.schoolId, baseUrl, ports);
    await signIns.check(ports, check);
  } finally {
    await signIns.stop();
    await proxy?.stop();
    for (const running of processes) await running.stop('SIGTERM').catch(() => undefined);
    if (dataSource.isInitialized) await dataSource.destroy();
    await pool.end();
    await smtp.close();
    await s3.stop();
  }
  const failed = checks.filter((item) => !item.passed).length;
  process.stdout.write(`\ninstances: ${checks.length - failed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

async function runCommand(command: 'seed-demo', env: Record<string, string>): Promise<void> {
  const { spawnSync } = await import('node:child_process');
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', command], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${command} failed:\n${result.stdout}\n${result.stderr}`);
}

async function untilReady(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await loopbackRequest(url, { timeoutMs: 2000 }).catch(() => undefined))?.status === 200) return;
    await sleep(200);
  }
  throw new Error(`${url} never answered 200`);
}

/** Signs in on the demo page of one instance; returns the session cookie it set. */
async function demoSignIn(instanceUrl: string, personId: string): Promise<string> {
  const page = await loopbackRequest(`${instanceUrl}/demo`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  const first = cookieOf(page);
  if (!csrf || !first) throw new Error(`the demo page of ${instanceUrl} gave no form (${page.status})`);
  const signedIn = await loopbackRequest(`${instanceUrl}/demo/sign-in`, {
    method: 'POST',
    headers: { cookie: first, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, personId, next: '' }).toString(),
  });
  const cookie = cookieOf(signedIn);
  if (signedIn.status !== 303 || !cookie) throw new Error(`demo sign-in on ${instanceUrl} answered ${signedIn.status}`);
  return cookie;
}

function cookieOf(answer: LoopbackAnswer): string | undefined {
  const set = answer.headers['set-cookie'] ?? [];
  const session = set.find((line) => line.startsWith('ecarnet_session='));
  return session?.split(';')[0];
}

interface LoadOutcome {
  readonly processes: ModuleProcess[];
  readonly requests: number;
  readonly refused: number;
  /** Idempotency key → the message ids the server answered with (2xx only). */
  readonly sent: Map<string, string[]>;
  readonly keysTried: Set<string>;
  readonly mediumIds: string[];
  /** Statuses of the photo uploads in flight on app2 when it was killed (0: cut off). */
  readonly cutUploads: number[];
}

interface LoadInput {
  readonly baseUrl: string;
  readonly cast: Cast;
  readonly director: Record<string, string>;
  readonly teacher: Record<string, string>;
  readonly parents: readonly { personId: string; pupilId: string; headers: Record<string, string> }[];
  readonly apps: ModuleProcess[];
  readonly workers: ModuleProcess[];
  readonly appEnv: Record<string, string>;
  readonly ports: readonly number[];
}

/**
 * The bounded load: parents read their home and their child's timeline, the director sends
 * urgent family messages (urgent: delivered at once, whatever the quiet hours) with an
 * Idempotency-Key and retries each until it is answered 2xx, a teacher posts small photos. Kills
 * app2 and worker1 at 30 % of the time, starts them again at 60 %.
 */
async function runLoad(input: LoadInput): Promise<LoadOutcome> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const running = () => elapsed() < LOAD_SECONDS;
  let requests = 0;
  let refused = 0;
  const sent = new Map<string, string[]>();
  const keysTried = new Set<string>();
  const mediumIds: string[] = [];
  const apps = [...input.apps];
  const workers = [...input.workers];
  const run = `instances-${Date.now().toString(36)}`;
  const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 120, b: 40 } } }).jpeg().toBuffer();
  // A phone's full-size photo: app2 is still reading, resizing or storing it when it is killed.
  const bigPhoto = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: { r: 90, g: 120, b: 160 }, noise: { type: 'gaussian', mean: 128, sigma: 50 } } })
    .jpeg({ quality: 90 })
    .toBuffer();
  const cutUploads: number[] = [];

  const counted = async (url: string, options: Parameters<typeof loopbackRequest>[1]): Promise<LoopbackAnswer | undefined> => {
    requests += 1;
    const answer = await loopbackRequest(url, { timeoutMs: 10_000, ...options }).catch(() => undefined);
    if (!answer || answer.status >= 500) refused += 1;
    return answer;
  };

  const parentLoop = async (parent: LoadInput['parents'][number]) => {
    while (running()) {
      await counted(`${input.baseUrl}/home`, { headers: parent.headers });
      await counted(`${input.baseUrl}/api/v1/children/${parent.pupilId}/timeline`, { headers: parent.headers });
    }
  };
  let sequence = 0;
  const senderLoop = async () => {
    while (running()) {
      const key = `${run}-${(sequence += 1)}`;
      keysTried.add(key);
      const pupilId = input.cast.pupilIds[sequence % input.cast.pupilIds.length]!;
      const body = JSON.stringify({ to: { audience: 'family', pupilId }, body: `Message ${key}`, urgent: true });
      // The client retries until the send is answered: the same key each time.
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const answer = await counted(`${input.baseUrl}/api/v1/messages`, {
          method: 'POST',
          headers: { ...input.director, 'content-type': 'application/json', 'idempotency-key': key },
          body,
        });
        if (answer && answer.status >= 200 && answer.status < 300) {
          sent.set(key, (JSON.parse(answer.body) as { messages: { id: string }[] }).messages.map((message) => message.id));
          break;
        }
        await sleep(100);
      }
    }
  };
  const boundary = 'instances-boundary';
  const photoBody = (bytes: Buffer) =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
  const photoLoop = async () => {
    const body = photoBody(photo);
    while (running()) {
      const answer = await counted(`${input.baseUrl}/api/v1/classes/${input.cast.classId}/media`, {
        method: 'POST',
        headers: { ...input.teacher, 'content-type': `multipart/form-data; boundary=${boundary}` },
        body,
      });
      if (answer?.status === 201) mediumIds.push(...(JSON.parse(answer.body) as { media: { id: string }[] }).media.map((medium) => medium.id));
      await sleep(200);
    }
  };
  const chaos = async () => {
    while (elapsed() < KILL_AT_SECONDS) await sleep(100);
    // Uploads straight to app2, staggered so that the kill finds them at different stages.
    const inFlight = [0, 60, 120, 180].map(async (delay) => {
      await sleep(delay);
      const answer = await loopbackRequest(`http://127.0.0.1:${input.ports[1]}/api/v1/classes/${input.cast.classId}/media`, {
        method: 'POST',
        headers: { ...input.teacher, 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: photoBody(bigPhoto),
      }).catch(() => undefined);
      if (answer?.status === 201) mediumIds.push(...(JSON.parse(answer.body) as { media: { id: string }[] }).media.map((medium) => medium.id));
      return answer?.status ?? 0;
    });
    await sleep(200);
    await apps[1]!.stop('SIGKILL');
    cutUploads.push(...(await Promise.all(inFlight)));
    await workers[0]!.stop('SIGKILL');
    while (elapsed() < BACK_AT_SECONDS) await sleep(100);
    apps[1] = await startModuleProcess('app2', 'start', input.appEnv, input.ports[1]);
    workers[0] = await startModuleProcess('worker1', 'worker', input.appEnv);
  };

  await Promise.all([...input.parents.map(parentLoop), senderLoop(), senderLoop(), photoLoop(), chaos()]);
  return { processes: [...apps, ...workers], requests, refused, sent, keysTried, mediumIds, cutUploads };
}

async function checkMessages(pool: mysql.Pool, outcome: LoadOutcome, smtp: SmtpSink): Promise<void> {
  const keys = [...outcome.keysTried];
  const [rows] = (await pool.query('SELECT id, idempotencyKey FROM message WHERE idempotencyKey IN (?)', [keys])) as unknown as [{ id: string; idempotencyKey: string }[]];
  const stored = new Map<string, string[]>();
  for (const row of rows) stored.set(row.idempotencyKey, [...(stored.get(row.idempotencyKey) ?? []), row.id]);
  const lost = [...outcome.sent.keys()].filter((key) => !stored.has(key));
  const twice = [...stored.values()].filter((ids) => ids.length > 1).length;
  check('every send answered 2xx is stored', lost.length === 0 && outcome.sent.size > 0, `${outcome.sent.size} sends answered, ${lost.length} missing`);
  check('each retried send exists once', twice === 0, `${rows.length} messages for ${stored.size} keys, ${twice} stored twice`);

  // A worker sends one e-mail per job, or one digest for several jobs of one person claimed
  // together (its Message-ID is derived from the jobs). A job counts as delivered when it is
  // marked sent and its own e-mail, or a digest to its recipient's address, reached the server.
  const ids = rows.map((row) => row.id);
  const deadline = Date.now() + 90_000;
  for (;;) {
    const [jobs] = (await pool.query(
      `SELECT j.id AS id, j.status AS status, LOWER(p.email) AS email FROM notification_job j JOIN person p ON p.id = j.recipientId
        WHERE j.messageId IN (?) AND j.channel = 'email'`,
      [ids],
    )) as unknown as [{ id: string; status: string; email: string | null }[]];
    const arrived = [...smtp.recipients].map(([messageId, to]) => ({ local: messageId.split('@')[0]!, to }));
    const delivered = jobs.filter(
      (job) => job.status === 'sent' && arrived.some((mail) => mail.local === job.id || (job.email !== null && isDigestId(mail.local) && mail.to.includes(job.email))),
    );
    if (delivered.length === jobs.length || Date.now() > deadline) {
      check(
        'every notification of those messages reached the SMTP server',
        jobs.length > 0 && delivered.length === jobs.length,
        `${delivered.length} of ${jobs.length} e-mail notifications sent and received, in ${arrived.length} e-mails (statuses: ${summary(jobs.map((job) => job.status))})`,
      );
      return;
    }
    await sleep(500);
  }
}

/** A digest's id is hex (a hash of its jobs' ids); a single job's is the job's UUID. */
const isDigestId = (id: string) => /^[0-9a-f]{36}$/.test(id);

async function checkPhotos(pool: mysql.Pool, s3: TestS3Server, mediumIds: readonly string[]): Promise<void> {
  if (mediumIds.length === 0) {
    check('every photo answered 201 is stored', false, 'no photo upload succeeded');
    return;
  }
  const [rows] = (await pool.query('SELECT id, originalKey FROM portfolio_medium WHERE id IN (?)', [mediumIds])) as unknown as [{ id: string; originalKey: string }[]];
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  let objects = 0;
  for (const row of rows) {
    const found = await client
      .send(new HeadObjectCommand({ Bucket: s3.bucket, Key: row.originalKey }))
      .then(() => true)
      .catch(() => false);
    if (found) objects += 1;
  }
  client.destroy();
  check('every photo answered 201 is stored, with its object in S3', rows.length === mediumIds.length && objects === rows.length, `${mediumIds.length} uploads answered, ${rows.length} rows, ${objects} objects`);
}

/**
 * After the load, the orphan sweep (as each instance runs it, here with no grace: every instance
 * is idle) leaves in the bucket only objects a row names. An object stored without its row is
 * planted first, as an instance killed between storing and recording leaves it: the sweep must
 * remove it, whatever the uploads cut off by the kill left or not.
 */
async function checkNoOrphanAfterSweep(dataSource: DataSource, s3: TestS3Server, schoolId: string, cutUploads: readonly number[]): Promise<void> {
  const storage = new S3MediaStorage({ ...s3 });
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  try {
    const planted = `schools/${schoolId}/media/${newId()}.jpg`;
    await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: planted, Body: Buffer.from('stored, never recorded') }));
    const swept = await sweepOrphanMedia(dataSource, storage, pino({ level: 'silent' }), new Date(Date.now() + 2000), { graceMs: 0 });
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'schools/', ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((object) => object.Key!));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    const named = new Set<string>();
    for (const table of ['portfolio_medium', 'message_file']) {
      const rows = (await dataSource.query(`SELECT originalKey, screenKey, thumbnailKey FROM ${table}`)) as { originalKey: string; screenKey: string | null; thumbnailKey: string | null }[];
      for (const row of rows) for (const key of [row.originalKey, row.screenKey, row.thumbnailKey]) if (key) named.add(key);
    }
    const orphans = keys.filter((key) => !named.has(key));
    check(
      'uploads cut off by the kill leave no orphan object in S3 after the sweep',
      orphans.length === 0 && !keys.includes(planted) && swept.deleted >= 1,
      `uploads in flight on app2 at the kill answered: ${cutUploads.map((status) => (status === 0 ? 'cut' : status)).join(' ')}; ` +
        `the sweep listed ${swept.listed} objects and deleted ${swept.deleted} (1 planted); ${keys.length} left, ${orphans.length} without a row`,
    );
  } finally {
    storage.destroy();
    client.destroy();
  }
}

/**
 * The pairing-code limit (10 tries per 15 minutes per head of school) counted on three
 * instances: the eleventh try is refused wherever it lands.
 */
async function checkSharedRateLimit(ports: readonly number[], director: Record<string, string>, schoolId: string): Promise<void> {
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 11; attempt += 1) {
    const port = ports[attempt % ports.length]!;
    const answer = await loopbackRequest(`http://127.0.0.1:${port}/lti/registrations/pairings`, {
      method: 'POST',
      headers: { ...director, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ schoolId, code: `WRONG${attempt}` }).toString(),
    });
    statuses.push(answer.status);
  }
  check('a rate limit counts the hits of every instance', statuses.slice(0, 10).every((status) => status !== 429) && statuses[10] === 429, `answers: ${statuses.join(' ')}`);
}

/**
 * Sign-in state across instances: an LTI login initiated on app1 (state and nonce stored), its
 * launch posted to app3, which must accept it, open a session, and refuse the same launch posted
 * again to app2 (the nonce is spent for every instance).
 */
async function checkLtiAcrossInstances(dataSource: DataSource, schoolId: string, baseUrl: string, ports: readonly number[]): Promise<void> {
  const platform = await LtiPlatformSimulator.start({ clock: systemClock });
  try {
    await runInTransaction(dataSource, async (manager) => {
      const { authLoginUrl, authTokenUrl, keysetUrl } = platform.endpoints;
      const registration = await insertPlatform(
        manager,
        { issuer: platform.issuer, clientId: platform.clientId, name: 'ENT (instances check)', authLoginUrl, authTokenUrl, keysetUrl, tokenAudience: null, schoolId, source: 'dynamic' },
        new Date(),
      );
      await ensureDeployment(manager, registration.id, platform.deploymentId, null, new Date());
    });
    platform.useTool(baseUrl);
    const user = platform.addUser({ sub: 'instances-pupil', givenName: 'Inès', familyName: 'Vidal', roles: [ROLE.learner] }).sub;
    platform.addContext({ id: 'instances-class', title: 'CM1', members: [user] });
    const message: SimMessage = { user, type: 'LtiResourceLinkRequest', contextId: 'instances-class', targetLinkUri: `${baseUrl}/lti/launch` };
    const login = await loopbackRequest(`http://127.0.0.1:${ports[0]}/lti/login?${new URLSearchParams(platform.loginParameters(message)).toString()}`);
    const location = login.headers.location;
    const stateCookie = (login.headers['set-cookie'] ?? []).find((line) => line.startsWith('ecarnet_lti_state_'))?.split(';')[0];
    if (login.status !== 302 || !location || !stateCookie) {
      check('sign-in state made on one instance is accepted by another', false, `login on app1 answered ${login.status}`);
      return;
    }
    const query = new URL(location).searchParams;
    const body = new URLSearchParams({ id_token: await platform.sign(platform.claimsFor(message, query.get('nonce') ?? '')), state: query.get('state') ?? '' }).toString();
    const post = (port: number) =>
      loopbackRequest(`http://127.0.0.1:${port}/lti/launch`, { method: 'POST', headers: { cookie: stateCookie, 'content-type': 'application/x-www-form-urlencoded' }, body });
    const launch = await post(ports[2]!);
    const replay = await post(ports[1]!);
    const opened = (launch.headers['set-cookie'] ?? []).some((line) => line.startsWith('ecarnet_session='));
    check(
      'sign-in state made on one instance is accepted by another, and spent for all',
      launch.status === 303 && opened && replay.status >= 400 && replay.status < 500,
      `login on app1 302; launch on app3 ${launch.status}${opened ? ' with a session' : ' without a session'}; the same launch on app2 ${replay.status}`,
    );
  } finally {
    await platform.close();
  }
}

function summary(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => `${value} ${count}`).join(', ') || 'none';
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`instances check failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
