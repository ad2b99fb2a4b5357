import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE_CONTEXT, serve } from '../support/browser.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { rosterFixture } from './roster-fixture.js';

/*
 * A director imports the school's ONDE export on a phone: upload, preview (restrictions first, with
 * their decision), apply. Real Chromium; every page passes the accessibility rules at 360 px.
 */
describe('browser: a director imports the pupil records', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let testApp: TestApp;

  before(async () => {
    testApp = createTestApp();
    browser = await launchBrowser();
    server = await serve(testApp.app);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('uploads, previews and applies the demo school’s export into an empty school', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const director = await testApp.signIn((await school.director()).id);
    const context = await browser.newContext(PHONE_CONTEXT);
    const [name, value] = director.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();

    await page.goto(`${server.url}/schools/${school.id}/roster-import`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal('Importer la base élèves');
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    expect(await fitsWidth(page)).to.equal(true);
    await page.getByLabel('Format du fichier').selectOption('onde');
    await page.getByLabel('Fichier CSV').setInputFiles({ name: 'CSVExtraction.csv', mimeType: 'text/csv', buffer: rosterFixture('onde-demo-school.csv') });
    await page.getByRole('button', { name: 'Voir ce qui va changer' }).click();

    await page.waitForURL(/roster-import\/[0-9a-f-]{36}$/);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).to.include('40 élèves').and.to.include('Aucun accès (décision)').and.to.include('JAF Paris, RG 25/04512');
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    expect(await fitsWidth(page)).to.equal(true);
    await page.getByRole('button', { name: 'Appliquer l’import' }).click();
    await page.waitForURL(/roster-import\?applied=1$/);
    expect(await page.getByRole('status').first().textContent()).to.equal('L’import a été appliqué.');
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    await context.close();
  });
});
