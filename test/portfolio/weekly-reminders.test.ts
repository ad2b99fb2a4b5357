import { expect } from 'chai';
import type { ParsedMail } from 'mailparser';
import pino from 'pino';
import { isUniqueViolation } from '../../src/db/unique-violation.js';
import { readInstant } from '../../src/db/sql-values.js';
import { newId, WeeklyReminder } from '../../src/model/index.js';
import { createNotificationWorker } from '../../src/notify/start-worker.js';
import type { TestClock } from '../support/clock.js';
import { testConfig } from '../support/config.js';
import { testDataSource } from '../support/database.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { mailsTo, reminderWorld, remindersOf } from './weekly-reminders-support.js';
import { drainWorker } from '../support/drain-worker.js';

/** Thursday 19 November 2026, 11:00 in Paris: entries of the week before the reminder. */
const THURSDAY = '2026-11-19T10:00:00.000Z';
/** Monday 23 November 2026, 07:30 in Paris: the opening of the school's notification hours. */
const MONDAY_OPENING = '2026-11-23T06:30:00.000Z';

/** The notification worker as `e-carnet start` builds it, delivering to `smtpUrl`, on the test's clock. */
function workerFor(smtpUrl: string, clock: TestClock) {
  return createNotificationWorker(testConfig({ ECARNET_SMTP_URL: smtpUrl }), testDataSource(), pino({ level: 'silent' }), clock);
}

/** How many of `names` the text contains. */
const countOf = (text: string, names: readonly string[]) => names.filter((name) => text.includes(name)).length;

/*
 * Teachers hear once a week, by e-mail, where their classes' portfolio stands: through the real
 * scan and worker, a real SMTP server, once per teacher and week whatever runs twice.
 */
describe('portfolio: the weekly rhythm e-mail to teachers', function () {
  this.timeout(60_000);
  let smtp: TestSmtpServer;

  before(async () => {
    smtp = await startSmtpServer();
  });
  after(async () => {
    await smtp?.close();
  });

  it('sends each teacher on Monday morning one e-mail listing their classes, the next slot, the count and first names of the children to feature', async () => {
    const world = await reminderWorld();
    world.test.clock.set(THURSDAY);
    const small = await world.klass('CP', 3);
    const large = await world.klass('CE1', 7);
    const other = await world.klass('CM2', 2);
    const camille = await world.teacher('camille', [small.klass, large.klass]);
    const karim = await world.teacher('karim', [other.klass], 'ar');
    const parent = await world.school.guardian([small.pupils[0]!]);
    await testDataSource().query('UPDATE person SET email = ? WHERE id = ?', [world.address('parent'), parent.id]);
    await world.feature(camille, large.klass, [large.pupils[2]!]);

    world.test.clock.set(MONDAY_OPENING);
    await world.scan();
    const worker = workerFor(smtp.url, world.test.clock);
    await drainWorker(worker);
    await worker.stop();

    const toCamille = mailsTo(smtp.mails, world.address('camille'));
    expect(toCamille).to.have.length(1);
    const [mail] = toCamille as [ParsedMail];
    const text = mail.text ?? '';
    expect(mail.subject).to.equal('e-carnet : le carnet de vos classes cette semaine');
    expect(text).to.include('Bonjour camille,');
    expect(text).to.include(`CP ${world.tag}`).and.to.include(`CE1 ${world.tag}`);
    expect(text).to.include('Prochaine publication : vendredi 27 novembre à 16:30');
    expect(text).to.include('3 enfants pas mis en avant depuis 14 jours : ');
    expect(text).to.include('6 enfants pas mis en avant depuis 14 jours : ');
    expect(countOf(text, small.pupils.map((pupil) => pupil.givenName))).to.equal(3);
    // Seven children, one featured on Thursday: the first five of the other six, then an ellipsis.
    const largeDue = large.pupils.filter((_, index) => index !== 2).map((pupil) => pupil.givenName);
    expect(text).to.include(`${largeDue.slice(0, 5).join(', ')}, …`);
    expect(text).not.to.include(large.pupils[2]!.givenName).and.not.to.include(largeDue[5]!);
    expect(text).to.include(`/classes/${small.klass.id}/portfolio`).and.to.include(`/classes/${large.klass.id}/portfolio`);
    expect(text).to.match(/\/messages\/preferences\s*$/);
    // Another class's children are never named to this teacher.
    expect(countOf(text, other.pupils.map((pupil) => pupil.givenName))).to.equal(0);
    expect(text).not.to.include(`CM2 ${world.tag}`);
    const [row] = await remindersOf(camille.id);
    expect(row).to.include({ weekStart: '2026-11-23', status: 'sent' });
    // The Message-ID is the row's: a retry after a crash carries the same one.
    expect(mail.messageId).to.match(new RegExp(`^<${row!.id}@`));

    // The other teacher's, in Arabic, names only their own class's two children (the dual form).
    const toKarim = mailsTo(smtp.mails, world.address('karim'));
    expect(toKarim).to.have.length(1);
    const arabic = toKarim[0]!.text ?? '';
    expect(toKarim[0]!.subject).to.equal('e-carnet: دفتر أقسامك هذا الأسبوع');
    expect(arabic).to.include('طفلان لم يُعرضا منذ 14 يومًا');
    expect(countOf(arabic, other.pupils.map((pupil) => pupil.givenName))).to.equal(2);
    expect(countOf(arabic, [...small.pupils, ...large.pupils].map((pupil) => pupil.givenName))).to.equal(0);
    expect((await remindersOf(karim.id)).map((reminder) => reminder.status)).to.deep.equal(['sent']);

    // Parents are not teachers: no row, no e-mail.
    expect(await remindersOf(parent.id)).to.deep.equal([]);
    expect(mailsTo(smtp.mails, world.address('parent'))).to.have.length(0);
  });

  it('sends nothing when every class is up to date, to a teacher who turned it off, or in a school that switched it off', async () => {
    const world = await reminderWorld();
    world.test.clock.set('2026-11-26T10:00:00.000Z'); // Thursday
    const featured = await world.klass('CP', 2);
    const forgotten = await world.klass('CE2', 2);
    const upToDate = await world.teacher('uptodate', [featured.klass]);
    const optedOut = await world.teacher('optedout', [forgotten.klass]);
    await world.feature(upToDate, featured.klass, featured.pupils);

    // The teacher unticks the box on their preferences page; a parent is not offered it.
    const session = await world.test.signIn(optedOut.id);
    const page = await world.request.get('/messages/preferences').set('Cookie', session.cookie);
    expect(page.text).to.match(/<input type="checkbox" name="weeklyReminder" checked>/);
    const saved = await world.request
      .post('/messages/preferences')
      .set('Cookie', session.cookie)
      .type('form')
      .send({ _csrf: session.csrfToken, preferredLanguage: 'fr', digest: 'immediate', emailEnabled: 'on' });
    expect(saved.status, saved.text).to.equal(303);
    expect((await world.request.get('/messages/preferences').set('Cookie', session.cookie)).text).to.match(/<input type="checkbox" name="weeklyReminder">/);
    const parent = await world.school.guardian([forgotten.pupils[0]!]);
    const parentPage = await world.request.get('/messages/preferences').set('Cookie', (await world.test.signIn(parent.id)).cookie);
    expect(parentPage.status).to.equal(200);
    expect(parentPage.text).not.to.include('name="weeklyReminder"');

    const quiet = await reminderWorld({ weeklyReminder: false });
    const quietClass = await quiet.klass('CM1', 3);
    const quietTeacher = await quiet.teacher('quietschool', [quietClass.klass]);

    world.test.clock.set('2026-11-30T06:30:00.000Z'); // Monday 07:30
    await world.scan();
    const worker = workerFor(smtp.url, world.test.clock);
    await drainWorker(worker);
    await worker.stop();

    for (const name of ['uptodate', 'optedout']) expect(mailsTo(smtp.mails, world.address(name)), name).to.have.length(0);
    expect(mailsTo(smtp.mails, quiet.address('quietschool'))).to.have.length(0);
    // Decided once for the week, and said why.
    expect(await remindersOf(upToDate.id)).to.have.deep.nested.property('[0].lastError', 'nothing to remind: every class is up to date');
    expect(await remindersOf(optedOut.id)).to.have.deep.nested.property('[0].lastError', 'turned off by the teacher');
    expect(await remindersOf(quietTeacher.id)).to.have.deep.nested.property('[0].lastError', 'no class taught in a school that sends the reminder');
    for (const teacher of [upToDate, optedOut, quietTeacher]) expect((await remindersOf(teacher.id)).map((row) => row.status)).to.deep.equal(['cancelled']);
  });

  it('never sends twice in a week: scans and workers run again, or two at once; the next week sends again', async () => {
    const world = await reminderWorld();
    world.test.clock.set('2026-12-07T06:30:00.000Z'); // Monday 07:30
    const { klass } = await world.klass('GS', 2);
    const teacher = await world.teacher('once', [klass]);
    await Promise.all([world.scan(), world.scan(), world.scan()]);
    const rows = await remindersOf(teacher.id);
    expect(rows).to.have.length(1);
    // What holds when two scans read before either writes: the database refuses a second row.
    const copy = await testDataSource().getRepository(WeeklyReminder).findOneByOrFail({ id: rows[0]!.id });
    const refused = await testDataSource()
      .getRepository(WeeklyReminder)
      .insert({ ...copy, id: newId() })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(isUniqueViolation(refused), String(refused)).to.equal(true);

    const first = workerFor(smtp.url, world.test.clock);
    const second = workerFor(smtp.url, world.test.clock);
    await Promise.all([drainWorker(first), drainWorker(second)]);
    await Promise.all([world.scan(), world.scan()]);
    await Promise.all([drainWorker(first), drainWorker(second)]);
    world.test.clock.set('2026-12-10T14:00:00.000Z'); // Thursday: still the same week
    await world.scan();
    await Promise.all([drainWorker(first), drainWorker(second)]);
    expect(mailsTo(smtp.mails, world.address('once'))).to.have.length(1);
    expect((await remindersOf(teacher.id)).map((row) => row.status)).to.deep.equal(['sent']);

    world.test.clock.set('2026-12-14T07:00:00.000Z'); // the next Monday, 08:00
    await world.scan();
    await drainWorker(first);
    expect(mailsTo(smtp.mails, world.address('once'))).to.have.length(2);
    expect((await remindersOf(teacher.id)).map((row) => `${row.weekStart} ${row.status}`)).to.deep.equal(['2026-12-07 sent', '2026-12-14 sent']);
    await Promise.all([first.stop(), second.stop()]);
  });

  it('waits for the school’s hours: a scan on Sunday at 22:00 sends on Monday at 07:30', async () => {
    const world = await reminderWorld();
    world.test.clock.set('2026-12-20T21:00:00.000Z'); // Sunday 22:00 in Paris
    const { klass } = await world.klass('PS', 1);
    const teacher = await world.teacher('monday', [klass]);
    await world.scan();
    const [row] = await remindersOf(teacher.id);
    expect(row!.weekStart).to.equal('2026-12-21');
    expect(readInstant(row!.notBefore).toISOString()).to.equal('2026-12-21T06:30:00.000Z');

    const worker = workerFor(smtp.url, world.test.clock);
    await drainWorker(worker);
    world.test.clock.set('2026-12-21T06:29:00.000Z');
    await world.scan();
    await drainWorker(worker);
    expect(mailsTo(smtp.mails, world.address('monday'))).to.have.length(0);
    world.test.clock.set('2026-12-21T06:30:00.000Z');
    await drainWorker(worker);
    expect(mailsTo(smtp.mails, world.address('monday'))).to.have.length(1);
    expect(await remindersOf(teacher.id)).to.have.length(1);
    await worker.stop();
  });

  it('retries with backoff while the SMTP server refuses, then sends once', async () => {
    const world = await reminderWorld();
    world.test.clock.set('2027-01-04T08:00:00.000Z'); // Monday 09:00
    const { klass } = await world.klass('MS', 2);
    const teacher = await world.teacher('retry', [klass]);
    await world.scan();
    const down = await startSmtpServer();
    const downUrl = down.url;
    await down.close();

    const failing = workerFor(downUrl, world.test.clock);
    await drainWorker(failing);
    let [row] = await remindersOf(teacher.id);
    expect(row).to.include({ status: 'pending', attempts: 1 });
    expect(readInstant(row!.notBefore).getTime()).to.be.greaterThan(world.test.clock.now().getTime());
    // Not tried again before its backoff.
    await drainWorker(failing);
    [row] = await remindersOf(teacher.id);
    expect(row!.attempts).to.equal(1);
    await failing.stop();

    world.test.clock.advanceMinutes(2);
    const working = workerFor(smtp.url, world.test.clock);
    await drainWorker(working);
    [row] = await remindersOf(teacher.id);
    expect(row!.status).to.equal('sent');
    const mails = mailsTo(smtp.mails, world.address('retry'));
    expect(mails).to.have.length(1);
    expect(mails[0]!.messageId).to.match(new RegExp(`^<${row!.id}@`));
    await working.stop();
  });
});
