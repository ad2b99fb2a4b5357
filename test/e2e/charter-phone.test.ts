import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ApertiumApyProvider } from '../../src/translate/apertium-apy.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { startApertium, type TestApertium } from '../support/apertium.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE_CONTEXT, serve } from '../support/browser.js';
import { testDataSource } from '../support/database.js';
import { demoPerson, demoSchool } from '../support/demo.js';

/*
 * The school's communication charter in the demo school, on phones: the director publishes it
 * (a text that writes out a delay is refused: the settings say it), changes the portfolio's
 * publication slot on the rules page, and the charter follows; María García, who reads Spanish,
 * meets it before her home page, reads it translated with the original one tap away, and
 * acknowledges it. Real Chromium and Apertium.
 */
describe('browser: the communication charter, written by the director and acknowledged by a parent in Spanish', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let testApp: TestApp;
  let apertium: TestApertium;
  let schoolId: string;
  let settingsBefore: string;

  before(async () => {
    apertium = await startApertium();
    testApp = createTestApp({ translationProvider: new ApertiumApyProvider(apertium.url) });
    testApp.clock.set('2026-11-24T08:00:00.000Z');
    schoolId = await demoSchool();
    settingsBefore = ((await testDataSource().query('SELECT settingsJson FROM school WHERE id = ?', [schoolId])) as { settingsJson: string }[])[0]!.settingsJson;
    browser = await launchBrowser();
    server = await serve(testApp.app);
  });
  after(async () => {
    // The demo school is shared by the run's other suites: leave it as it was.
    await testDataSource().query('DELETE FROM charter_acknowledgement WHERE schoolId = ?', [schoolId]);
    await testDataSource().query('DELETE FROM school_charter WHERE schoolId = ?', [schoolId]);
    await testDataSource().query('UPDATE school SET settingsJson = ? WHERE id = ?', [settingsBefore, schoolId]);
    await browser?.close();
    await server?.close();
    await apertium?.close();
  });

  async function phoneAs(givenName: string, familyName: string, locale = 'fr-FR'): Promise<{ context: BrowserContext; page: Page }> {
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

  it('is published, follows the settings, and is read and acknowledged in Spanish', async () => {
    const director = await phoneAs('Nathalie', 'Dubois');
    await director.page.goto(`${server.url}/schools/${schoolId}/charter`);
    await checkPage(director.page);
    // The default text speaks of the settings in force: Friday 16:30, 07:30–19:30, 48 hours.
    let text = (await director.page.locator('.charter-text').textContent()) ?? '';
    expect(text).to.include('l’usage du numérique n’implique pas de réponses immédiates'.replace(/^l/, 'L'));
    expect(text).to.include('le vendredi à 16:30').and.include('de 07:30 à 19:30').and.include('sous 48 heures de jours d’école');

    // A delay written out in figures would contradict the settings one day: refused.
    const body = director.page.getByLabel('Texte de la charte');
    const defaultText = await body.inputValue();
    await body.fill(`${defaultText}\nNous répondons toujours sous 24 heures.`);
    await director.page.getByRole('button', { name: 'Publier la charte' }).click();
    expect(await director.page.locator('[role="alert"]').textContent()).to.include('La charte ne doit pas écrire d’heure ni de délai');
    await checkPage(director.page);
    await body.fill(defaultText);
    await director.page.getByRole('button', { name: 'Publier la charte' }).click();
    await director.page.waitForURL(/saved=1$/);
    expect(await director.page.locator('[role="status"]').first().textContent()).to.include('version 1');

    // The portfolio's rules page: the class publishes on Tuesdays at 17:00 from now on.
    await director.page.goto(`${server.url}/schools/${schoolId}/portfolio-settings`);
    await checkPage(director.page);
    await director.page.getByLabel('Jour du moment 1').selectOption({ label: 'mardi' });
    await director.page.getByLabel('Heure du moment 1').fill('17:00');
    // The same moment twice is refused, with what was typed kept.
    await director.page.getByLabel('Jour du moment 2').selectOption({ label: 'mardi' });
    await director.page.getByLabel('Heure du moment 2').fill('17:00');
    await director.page.getByRole('button', { name: 'Enregistrer' }).click();
    expect(await director.page.locator('[role="alert"]').textContent()).to.include('Moments de publication');
    await checkPage(director.page);
    await director.page.getByLabel('Jour du moment 2').selectOption({ label: '— aucun —' });
    await director.page.getByLabel('Heure du moment 2').fill('');
    await director.page.getByLabel('Délai avant que les familles voient une évaluation (heures)').fill('12');
    await director.page.getByRole('button', { name: 'Enregistrer' }).click();
    await director.page.waitForURL(/saved=1$/);
    const stored = JSON.parse(((await testDataSource().query('SELECT settingsJson FROM school WHERE id = ?', [schoolId])) as { settingsJson: string }[])[0]!.settingsJson) as {
      portfolio: { publicationSlots: unknown; evaluationDelayHours: number; weeklyReminder: boolean };
      messaging: { replyWithinHours: number };
    };
    expect(stored.portfolio.publicationSlots).to.deep.equal([{ weekday: 2, time: '17:00' }]);
    expect(stored.portfolio.evaluationDelayHours).to.equal(12);
    expect(stored.portfolio.weeklyReminder, 'a rule the page does not show is kept').to.equal(true);
    expect(stored.messaging.replyWithinHours, 'other settings are kept').to.equal(48);
    const audit = (await testDataSource().query("SELECT COUNT(*) AS n FROM audit_event WHERE schoolId = ? AND action = 'school.portfolioSettingsChanged'", [schoolId])) as { n: number | string }[];
    expect(Number(audit[0]!.n)).to.be.greaterThan(0);
    await director.page.goto(`${director.page.url()}&lang=ar`);
    expect(await director.page.locator('html').getAttribute('dir')).to.equal('rtl');
    await checkPage(director.page);
    await director.page.goto(`${server.url}/schools/${schoolId}/charter`);
    text = (await director.page.locator('.charter-text').textContent()) ?? '';
    expect(text).to.include('le mardi à 17:00').and.not.include('le vendredi à 16:30');

    // María García signs in: the charter comes before her home page, in Spanish.
    const maria = await phoneAs('María', 'García', 'es-ES');
    await maria.page.goto(`${server.url}/home`);
    expect(maria.page.url()).to.include(`/schools/${schoolId}/charter?welcome=1`);
    expect(await maria.page.locator('h1').textContent()).to.equal('Carta de comunicación de la escuela');
    expect(await maria.page.locator('.translation-note').textContent()).to.include('Traducido automáticamente');
    const translated = (await maria.page.locator('.charter-text').textContent()) ?? '';
    expect(translated.toLowerCase()).to.include('martes').and.include('17:00');
    expect(await maria.page.locator('.charter-rules').textContent()).to.include('el martes a las 17:00').and.include('en 48 horas de días lectivos');
    await checkPage(maria.page);
    await maria.page.getByRole('link', { name: 'Ver el original' }).click();
    expect(await maria.page.locator('.charter-text').textContent()).to.include('L’usage du numérique n’implique pas de réponses immédiates');
    await checkPage(maria.page);
    await maria.page.getByRole('link', { name: 'Ver la traducción' }).click();
    await maria.page.getByRole('button', { name: 'He leído la carta' }).click();
    await maria.page.waitForURL(/\/home$/);
    const mariaId = (await demoPerson('María', 'García')).id;
    const acknowledged = (await testDataSource().query('SELECT version FROM charter_acknowledgement WHERE schoolId = ? AND guardianId = ?', [schoolId, mariaId])) as { version: number | string }[];
    expect(acknowledged.map((row) => Number(row.version))).to.deep.equal([1]);
    // Once acknowledged, the home page opens directly; the charter stays in her settings.
    await maria.page.goto(`${server.url}/home`);
    expect(maria.page.url()).to.match(/\/home$/);
    await maria.page.goto(`${server.url}/messages/preferences`);
    await maria.page.getByRole('link', { name: 'Carta de comunicación de la escuela' }).click();
    expect(await maria.page.locator('main').textContent()).to.include('Leyó esta carta el');
    await checkPage(maria.page);

    // Javier García, the other parent, is asked too: each guardian acknowledges for themself.
    const javier = await phoneAs('Javier', 'García', 'es-ES');
    await javier.page.goto(`${server.url}/home`);
    expect(javier.page.url()).to.include('/charter?welcome=1');
    await javier.page.getByRole('link', { name: 'Más tarde' }).click();
    expect(javier.page.url()).to.include('/home?charter=later');

    // Nadia Haddad reads it right to left.
    const nadia = await phoneAs('Nadia', 'Haddad', 'ar');
    await nadia.page.goto(`${server.url}/schools/${schoolId}/charter?lang=ar`);
    expect(await nadia.page.locator('html').getAttribute('dir')).to.equal('rtl');
    await checkPage(nadia.page);
    await Promise.all(browser.contexts().map((context) => context.close()));
  });
});
