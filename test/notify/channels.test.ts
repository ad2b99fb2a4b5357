import { expect } from 'chai';
import { createECDH, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Agent, createServer, type Server } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import webpush from 'web-push';
import { loadConfig } from '../../src/config/load.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { newId } from '../../src/model/columns.js';
import { sendMessage } from '../../src/messaging/send-message.js';
import { sendMessageInput } from '../../src/messaging/inputs.js';
import type { Delivery } from '../../src/notify/channels/channel.js';
import { EntChannel } from '../../src/notify/channels/ent-hook.js';
import { WebPushChannel } from '../../src/notify/channels/web-push.js';
import { NotificationWorker } from '../../src/notify/worker.js';
import { loadActor } from '../../src/policy/load-actor.js';
import { CachedTranslator } from '../../src/translate/cached-translator.js';
import { sqlInstant } from '../../src/db/sql-values.js';
import { TestClock } from '../support/clock.js';
import { testDataSource } from '../support/database.js';
import { messagingSchool } from '../messaging/fixture.js';

/*
 * Web Push (RFC 8030/8291/8292) to a push endpoint on loopback that records what a push service
 * receives, and the ENT hook a connector implements. Both get the delivery id for deduplication.
 */
describe('notifications: web push and the ENT hook', function () {
  this.timeout(30_000);
  const clock = new TestClock('2026-11-24T09:00:00.000Z');
  const vapid = webpush.generateVAPIDKeys();
  let pushService: Server;
  let pushUrl: string;
  let agent: Agent;
  const pushes: { headers: IncomingMessage['headers']; bytes: number; path: string }[] = [];

  before(async () => {
    // Push services speak HTTPS only: a certificate for 127.0.0.1, trusted by this test's agent alone.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'e-carnet-push-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(folder, 'key.pem'), '-out', path.join(folder, 'cert.pem')], { stdio: 'ignore' });
    const tls = { key: fs.readFileSync(path.join(folder, 'key.pem')), cert: fs.readFileSync(path.join(folder, 'cert.pem')) };
    fs.rmSync(folder, { recursive: true, force: true });
    agent = new Agent({ ca: tls.cert });
    pushService = createServer(tls, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        pushes.push({ headers: req.headers, bytes: Buffer.concat(chunks).length, path: req.url ?? '' });
        res.statusCode = req.url?.includes('gone') ? 410 : 201;
        res.end();
      });
    });
    await new Promise<void>((resolve) => pushService.listen(0, '127.0.0.1', () => resolve()));
    const address = pushService.address();
    pushUrl = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => pushService.close(() => resolve()));
  });

  async function subscribe(personId: string, path: string): Promise<void> {
    const keys = createECDH('prime256v1');
    keys.generateKeys();
    await testDataSource().query('INSERT INTO push_subscription (id, personId, endpointHash, endpoint, p256dh, auth, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      newId(),
      personId,
      randomBytes(32).toString('hex'),
      `${pushUrl}${path}`,
      keys.getPublicKey().toString('base64url'),
      randomBytes(16).toString('base64url'),
      sqlInstant(clock.now()),
    ]);
  }

  it('plans push and ENT jobs beside e-mail, and delivers each through its channel with the delivery id', async () => {
    const school = await messagingSchool();
    await subscribe(school.mother.id, `/push/${school.mother.id}`);
    await subscribe(school.mother.id, `/gone/${school.mother.id}`);
    const deps = {
      dataSource: testDataSource(),
      clock,
      channels: new Set(['email', 'push', 'ent'] as const),
      translator: new CachedTranslator(testDataSource(), null),
      onAccepted: () => undefined,
    };
    const actor = await loadActor(testDataSource(), school.teacherA.id, clock.now());
    const input = sendMessageInput.parse({ to: { audience: 'family', pupilId: school.leo.id, guardianIds: [school.mother.id] }, body: 'Bonjour' });
    const sent = await sendMessage(deps, actor, input, null);
    const jobs = (await testDataSource().query('SELECT channel FROM notification_job WHERE messageId = ? ORDER BY channel', [sent.messages[0]!.id])) as { channel: string }[];
    expect(jobs.map((job) => job.channel)).to.deep.equal(['email', 'ent', 'push']);

    const posted: Delivery[] = [];
    const worker = new NotificationWorker({
      dataSource: testDataSource(),
      clock,
      logger: pino({ level: 'silent' }),
      translator: createTranslator(),
      baseUrl: 'https://ecarnet.example.org',
      channels: {
        push: new WebPushChannel(testDataSource(), { ...vapid, subject: 'mailto:dpo@example.org' }, agent),
        ent: new EntChannel({ post: async (delivery) => void posted.push(delivery) }),
      },
    });
    await worker.runOnce();
    await worker.stop();

    const ours = pushes.filter((push) => push.path.endsWith(school.mother.id));
    expect(ours).to.have.length(2);
    const delivered = ours.find((push) => push.path.startsWith('/push/'))!;
    expect(delivered.headers.authorization).to.match(/^vapid t=.+, k=/);
    expect(delivered.headers['content-encoding']).to.equal('aes128gcm');
    expect(delivered.headers.ttl).to.equal(String(24 * 3600));
    expect(delivered.headers.topic).to.be.a('string');
    expect(delivered.bytes).to.be.greaterThan(100);
    // The subscription the push service said is gone is forgotten.
    const left = (await testDataSource().query('SELECT endpoint FROM push_subscription WHERE personId = ?', [school.mother.id])) as { endpoint: string }[];
    expect(left.map((row) => row.endpoint)).to.deep.equal([`${pushUrl}/push/${school.mother.id}`]);

    const forMother = posted.filter((delivery) => delivery.recipient.personId === school.mother.id);
    expect(forMother).to.have.length(1);
    expect(forMother[0]!.link).to.equal(`https://ecarnet.example.org/messages/${sent.messages[0]!.id}`);
    const entJob = (await testDataSource().query("SELECT id, status FROM notification_job WHERE messageId = ? AND channel = 'ent'", [sent.messages[0]!.id])) as {
      id: string;
      status: string;
    }[];
    expect(forMother[0]!.id).to.equal(entJob[0]!.id);
    expect(entJob[0]!.status).to.equal('sent');
  });

  it('reads the messaging configuration and lists its problems together', () => {
    const ok = loadConfig({
      ECARNET_SMTP_URL: 'smtp://mail.example.org:587',
      ECARNET_TRANSLATION_PROVIDER: 'apertium',
      ECARNET_TRANSLATION_URL: 'http://127.0.0.1:2737',
      ECARNET_VAPID_PUBLIC_KEY: vapid.publicKey,
      ECARNET_VAPID_PRIVATE_KEY: vapid.privateKey,
      ECARNET_VAPID_SUBJECT: 'mailto:dpo@example.org',
      ECARNET_WORKER: 'off',
    });
    expect(ok.ok).to.equal(true);
    if (ok.ok) {
      expect(ok.config.messaging.translation).to.deep.equal({ provider: 'apertium', url: 'http://127.0.0.1:2737', apiKey: null });
      expect(ok.config.messaging.worker).to.equal('off');
      expect(ok.config.messaging.vapid?.subject).to.equal('mailto:dpo@example.org');
    }
    const bad = loadConfig({ ECARNET_SMTP_URL: 'http://mail', ECARNET_TRANSLATION_PROVIDER: 'libretranslate', ECARNET_VAPID_SUBJECT: 'mailto:x@example.org', ECARNET_WORKER: 'sometimes' });
    expect(bad.ok).to.equal(false);
    if (!bad.ok) {
      expect(bad.errors.map((error) => error.split(':')[0])).to.include.members([
        'ECARNET_SMTP_URL',
        'ECARNET_WORKER',
        'ECARNET_TRANSLATION_URL',
        'ECARNET_VAPID_PUBLIC_KEY, ECARNET_VAPID_PRIVATE_KEY and ECARNET_VAPID_SUBJECT go together',
      ]);
    }
  });
});
