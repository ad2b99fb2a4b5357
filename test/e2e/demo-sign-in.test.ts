import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE_CONTEXT, serve } from '../support/browser.js';
import { testDataSource } from '../support/database.js';
import { demoSchool } from '../support/demo.js';
import { SchoolFactory } from '../support/factories.js';

/*
 * A newcomer discovers the demo school on a phone: signs in as a teacher or a parent and sees the
 * right children, and only those. Real Chromium, real pages, real database.
 */
describe('browser: demo sign-in on a phone', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let testApp: TestApp;

  before(async () => {
    testApp = createTestApp();
    await demoSchool();
    browser = await launchBrowser();
    server = await serve(testApp.app);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function phone(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(PHONE_CONTEXT);
    return { context, page: await context.newPage() };
  }

  /** Opens a session for a person as sign-in would, in this browser context. */
  async function signInBrowser(context: BrowserContext, personId: string): Promise<void> {
    const { cookie } = await testApp.signIn(personId);
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
  }

  /** From the home page, through the sign-in choice, to the person's own home. */
  async function enterAs(page: Page, name: string): Promise<void> {
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Choisir une personne' }).click();
    await page.getByRole('button', { name: new RegExp(`^${name}`) }).first().click();
    await page.waitForURL(/\/home$/);
  }

  it('a parent sees her own child, in her class, and nobody else', async () => {
    const { context, page } = await phone();
    await enterAs(page, 'Julie Petit');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal('Bonjour Julie');
    const children = await page.locator('.card.child h3').allTextContents();
    expect(children).to.deep.equal(['Léo Petit']);
    expect(await page.locator('.card.child').textContent()).to.include('Grande section — Les Hiboux').and.to.include('Claire Martin');
    expect(await fitsWidth(page)).to.equal(true);
    expect(await accessibilityViolations(page)).to.deep.equal([]);

    await page.getByRole('link', { name: 'Léo Petit' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal('Léo Petit');
    expect(await page.content()).not.to.include('Marc');
    expect(await fitsWidth(page)).to.equal(true);
    await context.close();
  });

  it('a parent kept away by a court decision sees no child at all', async () => {
    const { context, page } = await phone();
    await enterAs(page, 'Marc Petit');
    expect(await page.locator('main').textContent()).to.include('Aucun enfant n’est associé à votre compte').and.not.to.include('Léo');
    await context.close();
  });

  it('a teacher sees her class list with image rights, and the page reads well at 360 px', async () => {
    const { context, page } = await phone();
    await enterAs(page, 'Claire Martin');
    expect(await page.locator('main').textContent()).to.include('Grande section — Les Hiboux').and.not.to.include('CE2 A');
    await page.getByRole('link', { name: 'Grande section — Les Hiboux' }).click();
    const rows = page.locator('tbody tr');
    expect(await rows.count()).to.equal(20);
    expect(await page.locator('tbody tr', { hasText: 'Haddad Lina' }).textContent()).to.include('Pas d’autorisation');
    expect(await fitsWidth(page)).to.equal(true);
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    await context.close();
  });

  it('the interface turns right to left in Arabic, and the demo page passes the accessibility rules', async () => {
    const { context, page } = await phone();
    await page.goto(`${server.url}/demo`);
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    await page.getByRole('link', { name: 'العربية' }).click();
    expect(await page.locator('html').getAttribute('dir')).to.equal('rtl');
    expect(await page.locator('h1').textContent()).to.equal('المدرسة التجريبية');
    expect(await fitsWidth(page)).to.equal(true);
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    await context.close();
  });

  it('a restriction saved by the director closes the parent’s open page on the next click', async () => {
    // Its own school, so the demo school stays as seeded for every other test.
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class('CM2 Les Étoiles');
    const child = await school.pupil(klass, { givenName: 'Inès', familyName: 'Moreau' });
    const father = await school.guardian([child], { person: await school.person({ givenName: 'Thomas', familyName: 'Roux' }) });
    const directorPerson = await school.director();

    const parent = await phone();
    await signInBrowser(parent.context, father.id);
    await parent.page.goto(`${server.url}/home`);
    await parent.page.getByRole('link', { name: 'Inès Moreau' }).click();
    const childUrl = parent.page.url();

    const director = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    await signInBrowser(director, directorPerson.id);
    const desk = await director.newPage();
    await desk.goto(childUrl);
    const card = desk.locator('.card', { hasText: 'Thomas Roux' });
    await card.locator('summary').click();
    expect(await accessibilityViolations(desk)).to.deep.equal([]);
    await card.getByLabel('Accès', { exact: true }).selectOption('noAccess');
    await card.getByRole('button', { name: 'Enregistrer l’accès' }).click();
    // Incomplete: the page comes back with the errors beside the fields, the form still open.
    expect(await desk.locator('.error-summary').textContent()).to.include('Document : Ce champ est obligatoire.');
    expect(await accessibilityViolations(desk)).to.deep.equal([]);
    const form = desk.locator('.card', { hasText: 'Thomas Roux' });
    expect(await form.getByLabel('Accès', { exact: true }).inputValue()).to.equal('noAccess');
    await form.getByLabel('Document', { exact: true }).selectOption('courtDecision');
    await form.getByLabel('Référence (juridiction, numéro)').fill('JAF Évry, RG 26/09876');
    await form.getByLabel('Date du document').fill('2026-11-19');
    await form.getByRole('button', { name: 'Enregistrer l’accès' }).click();
    await desk.waitForURL(/saved=1$/);
    expect(await desk.locator('.card', { hasText: 'Thomas Roux' }).textContent()).to.include('Aucun accès (décision)');

    await desk.goto(`${server.url}/schools/${school.id}/audit`);
    expect(await desk.locator('tbody').textContent()).to.include('Accès d’un responsable modifié');
    expect(await accessibilityViolations(desk)).to.deep.equal([]);

    await parent.page.reload();
    expect(await parent.page.locator('main').textContent()).to.include('Cette page n’existe pas ou ne vous est pas accessible');
    expect(await accessibilityViolations(parent.page)).to.deep.equal([]);
    await parent.page.goto(`${server.url}/home`);
    expect(await parent.page.locator('main').textContent()).not.to.include('Inès');
    await director.close();
    await parent.context.close();
  });

  it('a guardian’s page reads right to left in Arabic, with phone numbers kept in order', async () => {
    const { context, page } = await phone();
    await enterAs(page, 'Nathalie Dubois');
    await page.goto(`${server.url}/home?lang=ar`);
    await page.getByRole('link', { name: 'CE2 A' }).click();
    await page.getByRole('link', { name: /Ortega Tom/ }).click();
    expect(await page.locator('html').getAttribute('dir')).to.equal('rtl');
    const number = page.locator('a[href^="tel:"]').first();
    expect(await number.getAttribute('dir')).to.equal('ltr');
    expect(await fitsWidth(page)).to.equal(true);
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    await context.close();
  });
});
