import { expect } from 'chai';
import type { ParsedMail } from 'mailparser';
import { readInstant } from '../../src/db/sql-values.js';
import { isUniqueViolation } from '../../src/db/unique-violation.js';
import { LinkNotice, newId, ShareGrant } from '../../src/model/index.js';
import { defaultSchoolSettings } from '../../src/model/school-settings.js';
import { purgeLinkNotices } from '../../src/sharing/link-notices/purge-link-notices.js';
import { scheduleLinkNotices } from '../../src/sharing/link-notices/schedule-link-notices.js';
import { testDataSource } from '../support/database.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { linkNoticeWorld, mailsTo, noticesOf, workerFor } from './link-notices-support.js';
import { drainWorker } from '../support/drain-worker.js';

/** Friday 20 November 2026, 16:30 in Paris: the school's default publication slot. */
const FRIDAY_SLOT = '2026-11-20T15:30:00.000Z';

/** The unsubscribe address at the end of a notice, as a path the test app serves. */
function unsubscribePathIn(mail: ParsedMail): string {
  const match = /https?:\/\/\S+\/link-notices\/unsubscribe\/\S+/.exec(mail.text ?? '');
  if (!match) throw new Error('no unsubscribe address in the e-mail');
  const url = new URL(match[0]);
  return `${url.pathname}${url.search}`;
}

/** A header as it was written, unfolded (mailparser merges the List-* headers into one object). */
function headerLine(mail: ParsedMail, key: string): string | undefined {
  return mail.headerLines.find((line) => line.key === key)?.line.replace(/\r?\n[ \t]+/g, ' ');
}

/*
 * Personal-link holders who gave an address hear that the child's portfolio has news: one e-mail
 * per child and batch, with nothing of the portfolio in it, through the real worker and a real
 * SMTP server, never twice.
 */
describe('sharing: link holders are told of new publications', function () {
  this.timeout(60_000);
  let smtp: TestSmtpServer;

  before(async () => {
    smtp = await startSmtpServer();
  });
  after(async () => {
    await smtp?.close();
  });

  it('tells an opted-in holder once for a batch of two entries, in the link’s language, with nothing of the portfolio', async () => {
    const world = await linkNoticeWorld();
    world.test.clock.set('2026-11-18T10:00:00.000Z'); // Wednesday: the teacher schedules for Friday's slot
    const grant = await world.link(world.lea, { email: world.address('abuela'), language: 'es' });
    await world.post(world.lea, 'Léa plante un haricot', 'Il a poussé de trois centimètres', 'nextSlot');
    await world.post(world.lea, 'Léa compte jusqu’à cent', 'Sans se tromper une seule fois', 'nextSlot');
    await world.post(world.noe, 'Noé peint un bateau', 'Bleu et rouge', 'nextSlot');
    const worker = workerFor(smtp.url, world.test.clock);

    // Not visible yet: nothing to tell.
    await scheduleLinkNotices(testDataSource(), world.test.clock.now());
    expect(await noticesOf(grant.id)).to.deep.equal([]);

    world.test.clock.set('2026-11-20T15:31:00.000Z');
    await scheduleLinkNotices(testDataSource(), world.test.clock.now());
    expect((await noticesOf(grant.id)).map((notice) => notice.status)).to.deep.equal(['pending', 'pending']);
    await drainWorker(worker);
    await smtp.waitFor(1);

    const mails = mailsTo(smtp.mails, world.address('abuela'));
    expect(mails).to.have.length(1);
    const [mail] = mails as [ParsedMail];
    expect(mail.subject).to.equal('Cuaderno de \u2068Léa\u2069: novedades', 'the name isolated in its direction');
    expect(mail.text).to.include('Hay novedades en el cuaderno de \u2068Léa\u2069 en e-carnet.');
    // Not even the school: a mistyped address reaches a stranger.
    expect(mail.text).not.to.include(world.school.school.name);
    expect(mail.text).to.include('abra el enlace que le dieron');
    for (const secret of ['haricot', 'trois centimètres', 'cent', 'tromper', 'Noé', 'bateau', '/s/', '/shared']) expect(mail.text, secret).not.to.include(secret);
    expect(mail.attachments).to.have.length(0);
    expect(headerLine(mail, 'list-unsubscribe-post')).to.equal('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(headerLine(mail, 'list-unsubscribe')).to.match(/^List-Unsubscribe: <https?:\/\/[^>]+\/link-notices\/unsubscribe\/[A-Za-z0-9_-]{43}\?lang=es>$/);
    expect((await noticesOf(grant.id)).map((notice) => notice.status)).to.deep.equal(['sent', 'sent']);
    await worker.stop();
  });

  it('tells nobody who did not opt in, whose link is revoked or expired, holds another child’s link, or got it after the entry', async () => {
    const world = await linkNoticeWorld();
    world.test.clock.set(FRIDAY_SLOT);
    const now = world.test.clock.now();
    const hour = 3_600_000;
    const silent = await world.link(world.lea, { email: null });
    const revoked = await world.link(world.lea, { email: world.address('revoked'), revokedAt: new Date(now.getTime() - hour) });
    const expired = await world.link(world.lea, { email: world.address('expired'), expiresAt: new Date(now.getTime() - hour) });
    const otherChild = await world.link(world.noe, { email: world.address('noe') });
    // The only one who should hear: a link with no language of its own speaks the guardian's (Arabic).
    const told = await world.link(world.lea, { email: world.address('told'), language: null });
    await world.post(world.lea, 'Léa chante', 'Une comptine');
    const late = await world.link(world.lea, { email: world.address('late'), createdAt: new Date(now.getTime() + 1000) });
    world.test.clock.set('2026-11-20T15:32:00.000Z');
    const worker = workerFor(smtp.url, world.test.clock);
    await scheduleLinkNotices(testDataSource(), world.test.clock.now());
    await drainWorker(worker);
    await smtp.waitFor(1);

    for (const grant of [silent, revoked, expired, otherChild, late]) expect(await noticesOf(grant.id), grant.notifyEmail ?? 'not opted in').to.deep.equal([]);
    for (const name of ['revoked', 'expired', 'noe', 'late']) expect(mailsTo(smtp.mails, world.address(name)), name).to.have.length(0);
    const mails = mailsTo(smtp.mails, world.address('told'));
    expect(mails).to.have.length(1);
    expect(mails[0]!.subject).to.equal('دفتر \u2068Léa\u2069: جديد', 'a French name in an Arabic subject keeps its place');
    expect((await noticesOf(told.id)).map((notice) => notice.status)).to.deep.equal(['sent']);
    await worker.stop();
  });

  it('sends nothing where the school forbids personal links', async () => {
    const world = await linkNoticeWorld({ personalLinksAllowed: false });
    world.test.clock.set(FRIDAY_SLOT);
    const grant = await world.link(world.lea, { email: world.address('forbidden') });
    await world.post(world.lea, 'Léa danse', 'En rythme');
    const worker = workerFor(smtp.url, world.test.clock);
    await scheduleLinkNotices(testDataSource(), world.test.clock.now());
    await drainWorker(worker);
    // Decided once, and not found again by the next scans.
    expect((await noticesOf(grant.id)).map((notice) => notice.status)).to.deep.equal(['cancelled']);
    expect(mailsTo(smtp.mails, world.address('forbidden'))).to.have.length(0);
    await worker.stop();
  });

  it('checks again when sending: a link revoked, or links forbidden, after scheduling send nothing', async () => {
    const world = await linkNoticeWorld();
    world.test.clock.set(FRIDAY_SLOT);
    const revoked = await world.link(world.lea, { email: world.address('revoked-late') });
    const forbidden = await world.link(world.noe, { email: world.address('forbidden-late') });
    await world.post(world.lea, 'Léa court', 'Très vite');
    await world.post(world.noe, 'Noé saute', 'Très haut');
    await scheduleLinkNotices(testDataSource(), world.test.clock.now());
    expect(await noticesOf(revoked.id)).to.have.length(1);
    expect(await noticesOf(forbidden.id)).to.have.length(1);

    await testDataSource().getRepository(ShareGrant).update({ id: revoked.id }, { revokedAt: world.test.clock.now() });
    const settings = defaultSchoolSettings();
    settings.sharing.personalLinksAllowed = false;
    await testDataSource().query('UPDATE school SET settingsJson = ? WHERE id = ?', [JSON.stringify(settings), world.school.id]);
    const worker = workerFor(smtp.url, world.test.clock);
    await drainWorker(worker);
    expect((await noticesOf(revoked.id)).map((notice) => notice.status)).to.deep.equal(['cancelled']);
    expect((await noticesOf(forbidden.id)).map((notice) => notice.status)).to.deep.equal(['cancelled']);
    expect(mailsTo(smtp.mails, world.address('revoked-late'))).to.have.length(0);
    expect(mailsTo(smtp.mails, world.address('forbidden-late'))).to.have.length(0);
    await worker.stop();
  });

  it('forgets an entry withdrawn before its notice went, and tells of it if it comes back', async () => {
    const world = await linkNoticeWorld();
    world.test.clock.set('2026-11-20T20:00:00.000Z'); // Friday 21:00: the notice waits for Monday
    const grant = await world.link(world.lea, { email: world.address('withdrawn') });
    const entryId = await world.post(world.lea, 'Léa se trompe de photo', 'À retirer');
    await scheduleLinkNotices(testDataSource(), world.test.clock.now());
    expect(await noticesOf(grant.id)).to.have.length(1);
    const teacher = await world.teacher();
    const withdrawn = await world.request.post(`/portfolio/entries/${entryId}/withdraw`).set('Cookie', teacher.cookie).type('form').send({ _csrf: teacher.csrfToken });
    expect(withdrawn.status).to.be.oneOf([200, 303]);
    world.test.clock.set('2026-11-23T06:30:00.000Z');
    const worker = workerFor(smtp.url, world.test.clock);
    await drainWorker(worker);
    expect(await noticesOf(grant.id)).to.deep.equal([]);
    expect(mailsTo(smtp.mails, world.address('withdrawn'))).to.have.length(0);

    // Published again (Monday 09:00): news again.
    world.test.clock.set('2026-11-23T08:00:00.000Z');
    const monday = await world.teacher();
    const draft = await world.request.post(`/portfolio/entries/${entryId}/draft`).set('Cookie', monday.cookie).type('form').send({ _csrf: monday.csrfToken });
    expect(draft.status, draft.text).to.be.oneOf([200, 303]);
    const again = await world.request.post(`/portfolio/entries/${entryId}/schedule`).set('Cookie', monday.cookie).type('form').send({ _csrf: monday.csrfToken, when: 'now' });
    expect(again.status, again.text).to.be.oneOf([200, 303]);
    await scheduleLinkNotices(testDataSource(), world.test.clock.now());
    await drainWorker(worker);
    await smtp.waitFor(1);
    expect(mailsTo(smtp.mails, world.address('withdrawn'))).to.have.length(1);
    expect((await noticesOf(grant.id)).map((notice) => notice.status)).to.deep.equal(['sent']);
    await worker.stop();
  });

  it('never sends twice: scans and workers run again, or two at once, add nothing', async () => {
    const world = await linkNoticeWorld();
    world.test.clock.set(FRIDAY_SLOT);
    const grant = await world.link(world.lea, { email: world.address('once') });
    await world.post(world.lea, 'Léa lit', 'Un album');
    await world.post(world.lea, 'Léa écrit', 'Son prénom');
    const scan = () => scheduleLinkNotices(testDataSource(), world.test.clock.now());
    await Promise.all([scan(), scan(), scan()]);
    const notices = await noticesOf(grant.id);
    expect(notices).to.have.length(2);
    // What holds when two scans read before either writes: the database refuses a second row.
    const copy = await testDataSource().getRepository(LinkNotice).findOneByOrFail({ grantId: grant.id, entryId: notices[0]!.entryId });
    const refused = await testDataSource()
      .getRepository(LinkNotice)
      .insert({ ...copy, id: newId() })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(isUniqueViolation(refused), String(refused)).to.equal(true);

    const first = workerFor(smtp.url, world.test.clock);
    const second = workerFor(smtp.url, world.test.clock);
    await Promise.all([drainWorker(first), drainWorker(second)]);
    await smtp.waitFor(1);
    await Promise.all([scan(), scan()]);
    await Promise.all([drainWorker(first), drainWorker(second)]);
    world.test.clock.advanceMinutes(90);
    await scan();
    await drainWorker(first);

    expect(mailsTo(smtp.mails, world.address('once'))).to.have.length(1);
    expect((await noticesOf(grant.id)).map((notice) => notice.status)).to.deep.equal(['sent', 'sent']);
    await Promise.all([first.stop(), second.stop()]);
  });

  it('waits for the school’s notification hours, and sends the weekend’s entries together', async () => {
    const world = await linkNoticeWorld();
    world.test.clock.set('2026-11-20T19:00:00.000Z'); // Friday 20:00 in Paris, after 19:30
    const grant = await world.link(world.lea, { email: world.address('monday') });
    await world.post(world.lea, 'Léa au spectacle', 'Le soir');
    await scheduleLinkNotices(testDataSource(), world.test.clock.now());
    world.test.clock.set('2026-11-21T10:00:00.000Z'); // Saturday
    await world.post(world.lea, 'Léa à la kermesse', 'Le samedi');
    await scheduleLinkNotices(testDataSource(), world.test.clock.now());
    const notices = await noticesOf(grant.id);
    expect(notices.map((notice) => readInstant(notice.notBefore).toISOString())).to.deep.equal(['2026-11-23T06:30:00.000Z', '2026-11-23T06:30:00.000Z']);

    const worker = workerFor(smtp.url, world.test.clock);
    await drainWorker(worker);
    world.test.clock.set('2026-11-23T06:29:00.000Z');
    await drainWorker(worker);
    expect(mailsTo(smtp.mails, world.address('monday'))).to.have.length(0);
    world.test.clock.set('2026-11-23T06:30:00.000Z'); // Monday 07:30
    await drainWorker(worker);
    await smtp.waitFor(1);
    expect(mailsTo(smtp.mails, world.address('monday'))).to.have.length(1);
    await worker.stop();
  });

  it('retries with backoff while the SMTP server refuses, then sends once', async () => {
    const world = await linkNoticeWorld();
    world.test.clock.set('2026-11-24T09:00:00.000Z');
    const grant = await world.link(world.lea, { email: world.address('retry') });
    await world.post(world.lea, 'Léa jardine', 'Des radis');
    await scheduleLinkNotices(testDataSource(), world.test.clock.now());
    const down = await startSmtpServer();
    const downUrl = down.url;
    await down.close();

    const failing = workerFor(downUrl, world.test.clock);
    await drainWorker(failing);
    let [notice] = await noticesOf(grant.id);
    expect(notice!.status).to.equal('pending');
    expect(notice!.attempts).to.equal(1);
    expect(readInstant(notice!.notBefore).getTime()).to.be.greaterThan(world.test.clock.now().getTime());
    // Not tried again before its backoff.
    await drainWorker(failing);
    [notice] = await noticesOf(grant.id);
    expect(notice!.attempts).to.equal(1);
    await failing.stop();

    world.test.clock.advanceMinutes(2);
    const working = workerFor(smtp.url, world.test.clock);
    await drainWorker(working);
    await smtp.waitFor(1);
    [notice] = await noticesOf(grant.id);
    expect(notice!.status).to.equal('sent');
    expect(mailsTo(smtp.mails, world.address('retry'))).to.have.length(1);
    await working.stop();
  });

  it('stops in one click from the e-mail, once: GET asks, POST clears the address', async () => {
    const world = await linkNoticeWorld();
    world.test.clock.set('2026-11-24T10:00:00.000Z');
    const grant = await world.link(world.lea, { email: world.address('stop'), language: 'es' });
    await world.post(world.lea, 'Léa dessine', 'Un chat');
    const worker = workerFor(smtp.url, world.test.clock);
    await scheduleLinkNotices(testDataSource(), world.test.clock.now());
    await drainWorker(worker);
    await smtp.waitFor(1);
    const [mail] = mailsTo(smtp.mails, world.address('stop')) as [ParsedMail];
    const path = unsubscribePathIn(mail);
    expect(headerLine(mail, 'list-unsubscribe')).to.include(path);

    const page = await world.request.get(path);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Dejar de recibir estos mensajes');
    expect(page.text).to.include('Léa');
    expect(page.headers['cache-control']).to.equal('no-store');
    // Opening the address changes nothing: mail scanners open links too.
    expect((await testDataSource().getRepository(ShareGrant).findOneByOrFail({ id: grant.id })).notifyEmail).to.equal(world.address('stop'));

    // What a mail client's one-click button sends: no session, no CSRF token.
    const stopped = await world.request.post(path).type('form').send('List-Unsubscribe=One-Click');
    expect(stopped.status).to.equal(200);
    expect((await testDataSource().getRepository(ShareGrant).findOneByOrFail({ id: grant.id })).notifyEmail).to.equal(null);
    const audit = (await testDataSource().query('SELECT action FROM audit_event WHERE subjectId = ?', [grant.id])) as { action: string }[];
    expect(audit.map((row) => row.action)).to.include('sharing.linkNoticesStopped');

    const again = await world.request.post(path).set('Accept', 'application/json').type('form').send('List-Unsubscribe=One-Click');
    expect(again.status).to.equal(410);
    expect((again.body as { error: { code: string } }).error.code).to.equal('SHARE_UNSUBSCRIBE_INVALID');
    expect((await world.request.get(path)).status).to.equal(410);
    expect((await world.request.get('/link-notices/unsubscribe/not-a-token-at-all-0123456789')).status).to.equal(410);

    // The holder hears of nothing more.
    world.test.clock.advanceMinutes(10);
    await world.post(world.lea, 'Léa range la classe', 'Bravo');
    await scheduleLinkNotices(testDataSource(), world.test.clock.now());
    await drainWorker(worker);
    expect(mailsTo(smtp.mails, world.address('stop'))).to.have.length(1);
    await worker.stop();
  });

  it('deletes settled notices after a month and unsubscribe tokens after a year, keeping what is pending', async () => {
    const world = await linkNoticeWorld();
    world.test.clock.set('2026-11-25T09:00:00.000Z');
    const sent = await world.link(world.lea, { email: world.address('purge-sent') });
    await world.post(world.lea, 'Léa joue', 'Aux billes');
    const worker = workerFor(smtp.url, world.test.clock);
    await scheduleLinkNotices(testDataSource(), world.test.clock.now());
    await drainWorker(worker);
    await worker.stop();
    expect((await noticesOf(sent.id)).map((notice) => notice.status)).to.deep.equal(['sent']);
    const tokens = async () => Number(((await testDataSource().query('SELECT COUNT(*) AS n FROM link_unsubscribe WHERE grantId = ?', [sent.id])) as { n: number | string }[])[0]!.n);
    expect(await tokens()).to.equal(1);

    await purgeLinkNotices(testDataSource(), new Date('2026-12-20T09:00:00.000Z'));
    expect(await noticesOf(sent.id)).to.have.length(1);
    await purgeLinkNotices(testDataSource(), new Date('2026-12-27T09:00:00.000Z'));
    expect(await noticesOf(sent.id)).to.deep.equal([]);
    expect(await tokens()).to.equal(1);
    await purgeLinkNotices(testDataSource(), new Date('2027-11-27T09:00:00.000Z'));
    expect(await tokens()).to.equal(0);
  });
});
