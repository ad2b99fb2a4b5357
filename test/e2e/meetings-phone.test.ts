import { expect } from 'chai';
import ical from 'node-ical';
import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTranslator } from '../../src/i18n/translator.js';
import { MeetingNoticeSender } from '../../src/meetings/notices/meeting-notice-sender.js';
import type { Person } from '../../src/model/index.js';
import { EmailChannel } from '../../src/notify/channels/email.js';
import { NotificationWorker } from '../../src/notify/worker.js';
import type { TranslationProvider } from '../../src/translate/provider.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE_CONTEXT, serve } from '../support/browser.js';
import { testDataSource } from '../support/database.js';
import { drainWorker } from '../support/drain-worker.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { meetingSchool, type MeetingSchool } from '../meetings/fixture.js';

const SUMMARY = 'Léo progresse en lecture.';
const PLAN = 'Lire dix minutes chaque soir';

/** A translation provider that knows the two sentences of this test, in Arabic: the path through the translation cache is the real one. */
const arabicGlossary: TranslationProvider = {
  id: 'test-glossary',
  async translate(text, from, to) {
    const known: Record<string, string> = { [SUMMARY]: 'يتقدم ليو في القراءة.', [PLAN]: 'القراءة عشر دقائق كل مساء' };
    if (from !== 'fr' || to !== 'ar' || !known[text]) throw new Error(`no translation for ${from}→${to}`);
    return known[text];
  },
};

/*
 * The meetings' "done when", on phones: a teacher publishes slots; two separated parents book
 * their own slots, the mother adding an interpreter for Arabic; the father cancels and rebooks;
 * the confirmation e-mails reach a real SMTP server with .ics files a real iCalendar parser reads
 * at the right instant; the teacher holds the meeting with the portfolio at hand and writes the
 * plan; the mother reads it in Arabic. Every page fits 360 px and has no axe violation.
 */
describe('browser: meetings booked from phones, with calendar e-mails and the plan read in Arabic', function () {
  this.timeout(180_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let testApp: TestApp;
  let smtp: TestSmtpServer;
  let worker: NotificationWorker;
  let school: MeetingSchool;

  before(async () => {
    smtp = await startSmtpServer();
    testApp = createTestApp({ translationProvider: arabicGlossary });
    school = await meetingSchool(0);
    browser = await launchBrowser();
    server = await serve(testApp.app);
    const email = new EmailChannel({ smtpUrl: smtp.url, from: 'École <ecole@example.org>', dataDir: '/tmp', hostname: 'ecarnet.test' });
    const logger = pino({ level: 'silent' });
    const translator = createTranslator();
    worker = new NotificationWorker({
      dataSource: testDataSource(),
      clock: testApp.clock,
      logger,
      translator,
      baseUrl: server.url,
      channels: { email },
      sideOutboxes: [new MeetingNoticeSender({ dataSource: testDataSource(), clock: testApp.clock, logger, translator, email, baseUrl: server.url })],
    });
  });
  after(async () => {
    await worker?.stop();
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  async function phoneOf(person: Person, locale: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ ...PHONE_CONTEXT, locale });
    const { cookie } = await testApp.signIn(person.id);
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    return { context, page: await context.newPage() };
  }

  async function checkPage(page: Page): Promise<void> {
    expect(await fitsWidth(page), `${page.url()} fits 360 px`).to.equal(true);
    expect(await accessibilityViolations(page), page.url()).to.deep.equal([]);
  }

  const calendarsTo = (address: string) =>
    smtp.mails
      .filter((mail) => JSON.stringify(mail.to).includes(address))
      .flatMap((mail) => mail.attachments.filter((file) => file.contentType.startsWith('text/calendar')).map((file) => file.content.toString('utf8')));

  it('goes from the teacher’s slots to the plan read in Arabic', async () => {
    testApp.clock.set('2026-11-20T09:00:00.000Z'); // Friday 10:00 in Paris
    let teacher = await phoneOf(school.teacherA, 'fr-FR');
    await teacher.page.goto(`${server.url}/meetings`);
    await checkPage(teacher.page);
    await teacher.page.getByRole('link', { name: 'Proposer des rencontres' }).click();
    await checkPage(teacher.page);
    await teacher.page.getByLabel('Nom de la campagne').fill('Rencontres du 1er trimestre');
    await teacher.page.getByLabel('Ouverture').fill('2026-11-20T09:00');
    await teacher.page.getByLabel('Date limite (réserver, annuler, changer)').fill('2026-11-25T18:00');
    await teacher.page.getByLabel('Jour').fill('2026-11-26');
    await teacher.page.getByLabel('Premier créneau').fill('16:30');
    await teacher.page.getByLabel('Nombre de créneaux').fill('4');
    await teacher.page.getByLabel('Salle, numéro ou lien de visio').fill('Salle 12');
    await teacher.page.getByRole('button', { name: 'Publier et inviter les familles' }).click();
    await teacher.page.waitForURL(/\/meetings\/campaigns\/[0-9a-f-]{36}$/);
    await checkPage(teacher.page);

    // The mother books the first slot with an interpreter for Arabic: two taps (the slot, then "Réserver").
    const mother = await phoneOf(school.mother, 'fr-FR');
    await mother.page.goto(`${server.url}/meetings`);
    await checkPage(mother.page);
    await mother.page.getByRole('link', { name: /Rencontres du 1er trimestre — Léo/ }).click();
    await checkPage(mother.page);
    await mother.page.getByRole('link', { name: 'Choisir ce créneau' }).first().click();
    await checkPage(mother.page);
    await mother.page.getByRole('checkbox', { name: 'Interprète' }).check();
    await mother.page.getByLabel("Langue de l'interprète").selectOption('ar');
    await mother.page.getByRole('button', { name: 'Réserver' }).click();
    await mother.page.waitForURL(/\/meetings\/[0-9a-f-]{36}\?booked=1$/);
    await checkPage(mother.page);
    const motherBookingId = new URL(mother.page.url()).pathname.split('/').pop()!;

    // The father (Spanish) books his own slot, cancels it, and books another.
    const father = await phoneOf(school.father, 'es-ES');
    const fatherBooks = async () => {
      await father.page.goto(`${server.url}/meetings`);
      await father.page.getByRole('link', { name: /Rencontres du 1er trimestre — Léo/ }).click();
      await checkPage(father.page);
      await father.page.getByRole('link', { name: 'Elegir esta franja' }).first().click();
      await father.page.getByRole('button', { name: 'Reservar' }).click();
      await father.page.waitForURL(/\?booked=1$/);
      await checkPage(father.page);
    };
    await fatherBooks();
    await father.page.getByRole('button', { name: 'Anular la cita' }).click();
    await father.page.waitForURL(/\/meetings$/);
    await fatherBooks();

    // The teacher sees the interpreter the mother asked for.
    await teacher.page.reload();
    await expect(await teacher.page.getByText('Interprète — arabe').count()).to.equal(1);

    await drainWorker(worker);
    const motherCalendars = calendarsTo('julie.');
    expect(motherCalendars).to.have.length(1);
    const event = Object.values(ical.sync.parseICS(motherCalendars[0]!)).find((item) => item?.type === 'VEVENT') as ical.VEvent;
    expect(event.start.toISOString()).to.equal('2026-11-26T15:30:00.000Z'); // 16:30 in Paris, in winter
    expect(motherCalendars[0]).to.include('METHOD:REQUEST');
    const fatherCalendars = calendarsTo('pablo.');
    expect(fatherCalendars).to.have.length(3);
    expect(fatherCalendars.filter((text) => text.includes('METHOD:CANCEL'))).to.have.length(1);
    for (const text of fatherCalendars) expect(Object.values(ical.sync.parseICS(text)).some((item) => item?.type === 'VEVENT')).to.equal(true);

    // The meeting: the teacher has the portfolio at hand, writes the plan and publishes it.
    testApp.clock.set('2026-11-26T15:35:00.000Z');
    await teacher.context.close();
    // Six days later: a session of the day.
    teacher = await phoneOf(school.teacherA, 'fr-FR');
    await teacher.page.goto(`${server.url}/meetings/${motherBookingId}`);
    await checkPage(teacher.page);
    expect(await teacher.page.getByRole('link', { name: 'Carnet de suivi' }).getAttribute('href')).to.match(new RegExp(`/children/${school.leo.id}/portfolio$`));
    await teacher.page.getByLabel('Compte rendu').fill(SUMMARY);
    await teacher.page.getByLabel('Notes personnelles').fill('Ne pas évoquer la séparation.');
    await teacher.page.getByLabel('Qui').first().selectOption('family');
    await teacher.page.getByLabel('Quoi').first().fill(PLAN);
    await teacher.page.getByRole('button', { name: 'Enregistrer' }).click();
    await teacher.page.getByRole('button', { name: 'Publier aux responsables' }).click();
    await teacher.page.waitForURL(new RegExp(`/meetings/${motherBookingId}$`));
    await checkPage(teacher.page);

    // The mother reads it in Arabic, right to left, without the teacher's private notes.
    await mother.context.close();
    const motherInArabic = await phoneOf(school.mother, 'ar');
    await motherInArabic.page.goto(`${server.url}/meetings/${motherBookingId}?lang=ar`);
    await checkPage(motherInArabic.page);
    expect(await motherInArabic.page.locator('html').getAttribute('dir')).to.equal('rtl');
    const text = await motherInArabic.page.locator('main').innerText();
    expect(text).to.include('يتقدم ليو في القراءة.').and.to.include('القراءة عشر دقائق كل مساء').and.to.include('الأسرة');
    expect(text).to.not.include('séparation');
    for (const phone of [teacher, father, motherInArabic]) await phone.context.close();
  });
});
