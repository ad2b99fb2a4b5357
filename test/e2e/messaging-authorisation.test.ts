import { expect } from 'chai';
import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTranslator } from '../../src/i18n/translator.js';
import { EmailChannel } from '../../src/notify/channels/email.js';
import { NotificationWorker } from '../../src/notify/worker.js';
import { ApertiumApyProvider } from '../../src/translate/apertium-apy.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { startApertium, type TestApertium } from '../support/apertium.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE_CONTEXT, serve } from '../support/browser.js';
import { testDataSource } from '../support/database.js';
import { demoPerson, demoSchool } from '../support/demo.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

/*
 * The "done when", in the demo school, on phones: Claire Martin sends an authorisation
 * request at 21:00; it is stored at once; the e-mail reaches María García (Spanish) at 07:30 the
 * next school day; she reads it in Spanish, with the original one tap away, and answers "yes";
 * the teacher sees who answered and who has not read it. Real Chromium, SMTP and Apertium.
 */
describe('browser: an authorisation request sent at 21:00, answered the next morning in Spanish', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let testApp: TestApp;
  let smtp: TestSmtpServer;
  let apertium: TestApertium;
  let worker: NotificationWorker;

  before(async () => {
    [smtp, apertium] = await Promise.all([startSmtpServer(), startApertium()]);
    testApp = createTestApp({ translationProvider: new ApertiumApyProvider(apertium.url) });
    await demoSchool();
    browser = await launchBrowser();
    server = await serve(testApp.app);
    worker = new NotificationWorker({
      dataSource: testDataSource(),
      clock: testApp.clock,
      logger: pino({ level: 'silent' }),
      translator: createTranslator(),
      baseUrl: server.url,
      channels: { email: new EmailChannel({ smtpUrl: smtp.url, from: 'École Jules-Ferry <ecole@example.org>', dataDir: '/tmp', hostname: 'ecarnet.test' }) },
    });
  });
  after(async () => {
    await worker?.stop();
    await browser?.close();
    await server?.close();
    await smtp?.close();
    await apertium?.close();
  });

  async function phoneAs(givenName: string, familyName: string, locale: string): Promise<{ context: BrowserContext; page: Page }> {
    const person = await demoPerson(givenName, familyName);
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

  it('goes from the teacher’s evening message to the parent’s answer and the teacher’s receipts', async () => {
    testApp.clock.set('2026-11-24T20:00:00.000Z'); // Tuesday 21:00 in Paris
    const teacher = await phoneAs('Claire', 'Martin', 'fr-FR');
    await teacher.page.goto(`${server.url}/messages`);
    await checkPage(teacher.page);
    await teacher.page.getByRole('link', { name: 'Écrire un message' }).click();
    await checkPage(teacher.page);
    await teacher.page.getByLabel('Destinataires').selectOption({ label: 'Les responsables de Lucas García' });
    await teacher.page.getByLabel('S’il s’agit d’une demande').selectOption('authorisation');
    await teacher.page.getByLabel('Objet').fill('Sortie au musée');
    await teacher.page.getByLabel('Message', { exact: true }).fill('Nous irons au musée jeudi avec la classe. Autorisez-vous votre enfant à venir ?');
    await teacher.page.getByRole('button', { name: 'Envoyer' }).click();
    await teacher.page.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    const messageId = teacher.page.url().split('/').pop()!;

    // Stored at once; its e-mails wait for the school's opening hour.
    const stored = (await testDataSource().query('SELECT COUNT(*) AS n FROM message WHERE id = ?', [messageId])) as { n: number | string }[];
    expect(Number(stored[0]!.n)).to.equal(1);
    await worker.runOnce();
    const toMaria = () => smtp.mails.filter((mail) => JSON.stringify(mail.to).includes('maria.garcia@example.org') && mail.text?.includes(messageId));
    expect(toMaria()).to.have.length(0);

    testApp.clock.set('2026-11-25T06:30:00.000Z'); // Wednesday 07:30 in Paris
    await worker.runOnce();
    expect(toMaria()).to.have.length(1);
    const mail = toMaria()[0]!;
    expect(mail.subject).to.equal('\u2068Claire Martin\u2069: una solicitud de autorización', 'the sender’s name isolated in its direction');
    const link = /https?:\/\/\S+\/messages\/[0-9a-f-]{36}/.exec(mail.text ?? '')![0];

    // María opens the link from her e-mail and reads the message in Spanish.
    const parent = await phoneAs('María', 'García', 'es-ES');
    await parent.page.goto(link);
    const body = parent.page.locator('.message-body').first();
    expect((await body.textContent())!.toLowerCase()).to.include('museo');
    expect(await parent.page.locator('.translation-note').first().textContent()).to.include('Traducido automáticamente');
    await checkPage(parent.page);
    await parent.page.getByRole('link', { name: 'Ver el original' }).click();
    expect(await parent.page.locator('.message-body').first().textContent()).to.include('Nous irons au musée jeudi');
    await parent.page.getByRole('link', { name: 'Ver la traducción' }).click();
    await parent.page.getByRole('button', { name: 'Sí', exact: true }).click();
    await parent.page.waitForURL(/#message-/);
    expect(await parent.page.locator('.answered').textContent()).to.include('Su respuesta: Sí');
    await checkPage(parent.page);

    // The teacher, signed in again this morning, sees who answered and that Javier García has not read it yet.
    await teacher.context.close();
    const morning = await phoneAs('Claire', 'Martin', 'fr-FR');
    const teacherPage = morning.page;
    await teacherPage.goto(`${server.url}/messages/${messageId}`);
    await teacherPage.getByRole('link', { name: 'Qui l’a lu, qui a répondu' }).click();
    const mariaRow = teacherPage.getByRole('row', { name: /María García/ });
    expect(await mariaRow.textContent()).to.include('Oui');
    expect(await teacherPage.locator('.not-read').textContent()).to.include('Javier García').and.not.include('María García');
    await checkPage(teacherPage);
    await Promise.all([morning.context.close(), parent.context.close()]);
  });

  it('shows messages as text, never as HTML, and works right to left in Arabic', async () => {
    testApp.clock.set('2026-11-25T09:00:00.000Z');
    const nadia = await phoneAs('Nadia', 'Haddad', 'ar');
    await nadia.page.goto(`${server.url}/messages/new?lang=ar`);
    expect(await nadia.page.locator('html').getAttribute('dir')).to.equal('rtl');
    await checkPage(nadia.page);
    await nadia.page.locator('#body').fill('<img src=x onerror="document.title=1"><b>مرحبا</b>');
    await nadia.page.getByRole('button', { name: 'إرسال' }).click();
    await nadia.page.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    expect(await nadia.page.locator('.message-body').first().textContent()).to.equal('<img src=x onerror="document.title=1"><b>مرحبا</b>');
    expect(await nadia.page.locator('.message-body img, .message-body b').count()).to.equal(0);
    await checkPage(nadia.page);
    await nadia.page.goto(`${server.url}/messages`);
    await checkPage(nadia.page);
    await nadia.page.goto(`${server.url}/messages/preferences`);
    await checkPage(nadia.page);
    await nadia.context.close();
  });

  it('lets the director reach the school’s messaging rules from the inbox, on a phone, in French and Arabic', async () => {
    testApp.clock.set('2026-11-25T09:00:00.000Z');
    const director = await phoneAs('Nathalie', 'Dubois', 'fr-FR');
    await director.page.goto(`${server.url}/messages`);
    await director.page.getByRole('link', { name: 'Règles de la messagerie de l’école' }).click();
    expect(await director.page.getByLabel('Délai pour rappeler un message (minutes)').inputValue()).to.equal('60');
    await checkPage(director.page);
    await director.page.goto(`${director.page.url()}?lang=ar`);
    expect(await director.page.locator('html').getAttribute('dir')).to.equal('rtl');
    await checkPage(director.page);
    await director.context.close();
  });
});
