import { expect } from 'chai';
import pino from 'pino';
import { createTranslator } from '../../src/i18n/translator.js';
import { EmailChannel } from '../../src/notify/channels/email.js';
import { NotificationWorker } from '../../src/notify/worker.js';
import { claimDueJobs } from '../../src/notify/claim-jobs.js';
import { sendResponse } from '../../src/messaging/api-schemas.js';
import { testDataSource } from '../support/database.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { apiAs } from '../messaging/api-client.js';
import { createTestApp, messagingSchool, Sessions, type MessagingSchool } from '../messaging/fixture.js';
import type { TestClock } from '../support/clock.js';

/*
 * The outbox, end to end with a real SMTP server: written with the message, held back by quiet
 * hours, delivered at least once and never twice, retried when the SMTP server is down.
 */
describe('notifications: outbox, worker and e-mail', function () {
  this.timeout(60_000);
  let smtp: TestSmtpServer;
  let school: MessagingSchool & { tag: string };
  let sessions: Sessions;
  let clock: TestClock;
  const translator = createTranslator();
  const logger = pino({ level: 'silent' });

  const worker = (smtpUrl: string, lockMs = 60_000) =>
    new NotificationWorker({
      dataSource: testDataSource(),
      clock,
      logger,
      translator,
      baseUrl: 'http://127.0.0.1:3000',
      lockMs,
      channels: { email: new EmailChannel({ smtpUrl, from: 'École <ecole@example.org>', dataDir: '/tmp', hostname: 'ecarnet.test' }) },
    });
  /** This suite's e-mails only: the test database holds other suites' jobs too. */
  const ours = () => smtp.mails.filter((mail) => JSON.stringify(mail.to).includes(school.tag));

  before(async () => {
    smtp = await startSmtpServer();
    school = await messagingSchool();
    const testApp = createTestApp();
    clock = testApp.clock;
    sessions = new Sessions(testApp);
  });
  after(async () => {
    await smtp?.close();
  });

  async function jobsOf(messageId: string) {
    return (await testDataSource().query('SELECT recipientId, channel, status, notBefore, attempts FROM notification_job WHERE messageId = ? ORDER BY recipientId', [
      messageId,
    ])) as { recipientId: string; channel: string; status: string; notBefore: unknown; attempts: number | string }[];
  }

  it('writes the jobs with the message, and holds a 21:00 message until 07:30 the next school day', async () => {
    clock.set('2026-11-24T20:00:00.000Z'); // Tuesday 21:00 in Paris
    const sent = await apiAs(sessions, school.teacherA).post('/messages', {
      to: { audience: 'family', pupilId: school.leo.id },
      kind: 'request',
      requestKind: 'authorisation',
      subject: 'Sortie au musée',
      body: 'Nous irons au musée jeudi. Autorisez-vous votre enfant à venir ?',
    });
    expect(sent.status).to.equal(201);
    const messageId = sendResponse.parse(sent.body).messages[0]!.id;
    const jobs = await jobsOf(messageId);
    expect(jobs.map((job) => job.recipientId).sort()).to.deep.equal([school.mother.id, school.father.id, school.informed.id].sort());
    expect(jobs.every((job) => job.channel === 'email' && job.status === 'pending')).to.equal(true);

    const mailer = worker(smtp.url);
    await mailer.runOnce();
    expect(ours()).to.have.length(0);

    clock.set('2026-11-25T06:29:00.000Z');
    await mailer.runOnce();
    expect(ours()).to.have.length(0);

    clock.set('2026-11-25T06:30:00.000Z'); // Wednesday 07:30 in Paris
    await mailer.runOnce();
    await smtp.waitFor(1);
    expect(ours()).to.have.length(3);
    const pablo = ours().find((mail) => JSON.stringify(mail.to).includes(`pablo.${school.tag}`))!;
    expect(pablo.subject).to.include('solicitud de autorización');
    expect(pablo.text).to.include(`/messages/${messageId}`);
    expect(pablo.text).to.not.include('musée');
    const julie = ours().find((mail) => JSON.stringify(mail.to).includes(`julie.${school.tag}`))!;
    expect(julie.subject).to.include('demande d’autorisation');

    // Nothing is sent twice, however often the worker runs.
    await mailer.runOnce();
    await mailer.runOnce();
    expect(ours()).to.have.length(3);
    expect(new Set(ours().map((mail) => mail.messageId)).size).to.equal(3);
    const delivered = (await testDataSource().query('SELECT COUNT(*) AS n FROM message_recipient WHERE messageId = ? AND deliveredAt IS NOT NULL', [messageId])) as {
      n: number | string;
    }[];
    expect(Number(delivered[0]!.n)).to.equal(3);
    await mailer.stop();
  });

  it('retries with backoff while the SMTP server is down, then delivers once', async () => {
    clock.set('2026-11-26T09:00:00.000Z');
    const down = await startSmtpServer();
    const downUrl = down.url;
    await down.close();
    const sent = await apiAs(sessions, school.teacherA).post('/messages', { to: { audience: 'family', pupilId: school.ines.id }, body: 'Piscine demain' });
    const messageId = sendResponse.parse(sent.body).messages[0]!.id;
    const failing = worker(downUrl);
    await failing.runOnce();
    let [job] = await jobsOf(messageId);
    expect(job!.status).to.equal('pending');
    expect(Number(job!.attempts)).to.equal(1);
    // Not retried before its backoff.
    await failing.runOnce();
    [job] = await jobsOf(messageId);
    expect(Number(job!.attempts)).to.equal(1);
    await failing.stop();

    clock.advanceMinutes(2);
    const working = worker(smtp.url);
    await working.runOnce();
    [job] = await jobsOf(messageId);
    expect(job!.status).to.equal('sent');
    expect(ours().filter((mail) => JSON.stringify(mail.to).includes(`ines-parent.${school.tag}`))).to.have.length(1);
    await working.stop();
  });

  it('gives a crashed worker’s jobs to another after its lock expires, under the same Message-ID', async () => {
    clock.set('2026-11-26T10:00:00.000Z');
    const sent = await apiAs(sessions, school.teacherB).post('/messages', { to: { audience: 'family', pupilId: school.zoe.id }, body: 'Cahier oublié' });
    const messageId = sendResponse.parse(sent.body).messages[0]!.id;
    // A worker claims the job, then dies before sending anything.
    const claimed = await claimDueJobs(testDataSource(), clock.now(), 60_000, 1000);
    expect(claimed.jobs.map((job) => job.messageId)).to.include(messageId);
    const rescuer = worker(smtp.url);
    await rescuer.runOnce();
    expect((await jobsOf(messageId))[0]!.status).to.equal('pending');
    clock.advanceMinutes(2);
    await rescuer.runOnce();
    expect((await jobsOf(messageId))[0]!.status).to.equal('sent');
    const zoeMails = ours().filter((mail) => JSON.stringify(mail.to).includes(`zoe-parent.${school.tag}`));
    expect(zoeMails).to.have.length(1);
    const jobId = ((await testDataSource().query('SELECT id FROM notification_job WHERE messageId = ?', [messageId])) as { id: string }[])[0]!.id;
    expect(zoeMails[0]!.messageId).to.equal(`<${jobId}@ecarnet.test>`);
    await rescuer.stop();
  });

  it('cancels the notifications of a recalled message', async () => {
    clock.set('2026-11-26T21:00:00.000Z');
    const sent = await apiAs(sessions, school.teacherA).post('/messages', { to: { audience: 'family', pupilId: school.ines.id }, body: 'Erreur de destinataire' });
    const messageId = sendResponse.parse(sent.body).messages[0]!.id;
    const recalled = await apiAs(sessions, school.teacherA).post(`/messages/${messageId}/recall`);
    expect(recalled.status).to.equal(204);
    expect((await jobsOf(messageId)).map((job) => job.status)).to.deep.equal(['cancelled']);
  });

  it('groups the notifications of a daily digest into one e-mail', async () => {
    clock.set('2026-11-30T09:00:00.000Z'); // Monday 10:00
    const put = await apiAs(sessions, school.inesParent).put('/me/notification-preferences', { preferredLanguage: 'fr', digest: 'daily' });
    expect(put.status).to.equal(204);
    for (const body of ['Un', 'Deux', 'Trois']) await apiAs(sessions, school.teacherA).post('/messages', { to: { audience: 'family', pupilId: school.ines.id }, body });
    const before = ours().length;
    const mailer = worker(smtp.url);
    await mailer.runOnce();
    expect(ours().length).to.equal(before);
    clock.set('2026-12-01T06:30:00.000Z'); // Tuesday 07:30
    await mailer.runOnce();
    const digests = ours().slice(before);
    expect(digests).to.have.length(1);
    expect(digests[0]!.subject).to.equal('e-carnet : nouveaux messages (3)');
    await mailer.stop();
  });
});
