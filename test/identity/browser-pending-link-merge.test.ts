import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE_CONTEXT, serve } from '../support/browser.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

/*
 * The director, on a phone, sees that a proposed parent is the guardian the records already hold
 * and merges them. Real Chromium; the page passes the accessibility rules at 360 px, in French and
 * right to left in Arabic.
 */
describe('browser: the director merges a proposed parent into the recorded one', function () {
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

  it('shows the likely match, accessible at 360 px (French and Arabic), and merges on one tap', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const child = await school.pupil(await school.class('CE2'), { givenName: 'Emre', familyName: 'Yılmaz' });
    await school.guardian([child], { person: await school.person({ givenName: 'Zeynep', familyName: 'Yılmaz' }) });
    await school.guardian([child], { approval: 'pending', person: await school.person({ givenName: 'ZEYNEP', familyName: 'YILMAZ' }) });
    const director = await testApp.signIn((await school.director()).id);
    const context = await browser.newContext(PHONE_CONTEXT);
    const [name, value] = director.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();

    await page.goto(`${server.url}/schools/${school.id}/pending-links?lang=ar`);
    expect(await page.locator('html').getAttribute('dir')).to.equal('rtl');
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    expect(await fitsWidth(page)).to.equal(true);

    await page.goto(`${server.url}/schools/${school.id}/pending-links?lang=fr`);
    expect(await page.locator('main').textContent()).to.include('Probablement Zeynep Yılmaz');
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    expect(await fitsWidth(page)).to.equal(true);
    await page.getByRole('button', { name: 'Même personne : réunir avec Zeynep Yılmaz' }).click();
    await page.waitForURL(/pending-links\?merged=1$/);
    expect(await page.getByRole('status').first().textContent()).to.include('Les deux fiches sont réunies');
    expect(await page.locator('main').textContent()).to.include('Aucun lien en attente.');
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    await context.close();
  });
});
