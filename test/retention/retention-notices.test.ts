import { expect } from 'chai';
import pino from 'pino';
import supertest from 'supertest';
import { createTestApp } from '../support/app.js';
import { Enrolment } from '../../src/model/index.js';
import { createNotificationWorker } from '../../src/notify/start-worker.js';
import { runRetention } from '../../src/retention/run-retention.js';
import { DiskMediaStorage } from '../../src/media/index.js';
import { TestClock } from '../support/clock.js';
import { TEST_MEDIA_DIR, testConfig } from '../support/config.js';
import { testDataSource } from '../support/database.js';
import { drainWorker } from '../support/drain-worker.js';
import { SchoolFactory } from '../support/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

describe('guardians told before a portfolio is deleted', function () {
  this.timeout(30_000);
  let smtp: TestSmtpServer;
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(async () => {
    await smtp?.close();
  });

  it('e-mails each guardian of a child who left, in their language, the deletion date and where to download the portfolio, once', async () => {
    const dataSource = testDataSource();
    const clock = new TestClock('2027-07-10T08:00:00.000Z');
    const school = await SchoolFactory.create(dataSource, { name: 'École des Tilleuls' });
    const klass = await school.class();
    const child = await school.pupil(klass, { givenName: 'Yasmine' });
    await dataSource.getRepository(Enrolment).update({ pupilId: child.id }, { endedAt: new Date('2027-07-04T15:00:00.000Z') });
    const tag = child.id.slice(0, 8);
    await school.guardian([child], { person: await school.person({ email: `mere-${tag}@example.test`, preferredLanguage: 'ar', givenName: 'Salma' }) });
    const father = await school.guardian([child], { person: await school.person({ email: `pere-${tag}@example.test`, givenName: 'Karim' }) });
    await school.guardian([child], { status: 'noAccess', person: await school.person({ email: `tiers-${tag}@example.test` }) });

    const deps = { dataSource, storage: new DiskMediaStorage(TEST_MEDIA_DIR), logger: pino({ level: 'silent' }), clock };
    await runRetention(deps, { schoolIds: [school.id] });
    await runRetention(deps, { schoolIds: [school.id] });
    // Within the school's notification hours (Saturday 10 July is not a school day: Monday 12 July).
    clock.set('2027-07-12T08:00:00.000Z');
    const worker = createNotificationWorker(testConfig({ ECARNET_SMTP_URL: smtp.url }), dataSource, pino({ level: 'silent' }), clock);
    await drainWorker(worker);
    await worker.stop();
    const ours = smtp.mails.filter((mail) => JSON.stringify(mail.to).includes(tag));
    expect(ours.map((mail) => JSON.stringify(mail.to))).to.have.length(2);
    const french = ours.find((mail) => JSON.stringify(mail.to).includes('pere-'))!;
    expect(french.subject).to.equal('Le carnet de Yasmine sera supprimé le 2 octobre 2027');
    expect(french.text).to.contain(`/children/${child.id}/portfolio.zip`);
    expect(french.text).to.contain('École des Tilleuls');
    const arabic = ours.find((mail) => JSON.stringify(mail.to).includes('mere-'))!;
    expect(arabic.subject).to.contain('سيُحذف دفتر Yasmine');
    expect(arabic.text).to.contain('Salma');
    const statuses = (await dataSource.query('SELECT status FROM retention_notice WHERE pupilId = ?', [child.id])) as { status: string }[];
    expect(statuses.map((row) => row.status)).to.deep.equal(['sent', 'sent']);
    // The address the e-mail gives works for the guardian until the deletion date.
    const app = createTestApp({ clock });
    const session = await app.signIn(father.id);
    const archive = await supertest(app.app).get(`/children/${child.id}/portfolio.zip`).set('Cookie', session.cookie);
    expect(archive.status, archive.text).to.equal(200);
    expect(archive.headers['content-type']).to.equal('application/zip');
  });
});
