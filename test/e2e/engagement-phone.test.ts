import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE_CONTEXT, serve } from '../support/browser.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { personId, privateDemoSchool } from '../engagement/demo-school.js';

/*
 * The director, then a teacher, on a phone in real Chromium: the engagement page (figures,
 * charts with their tables), the families to reach with an action recorded through the form,
 * in French and in Arabic (right to left). Every page fits 360 px and has no axe violation.
 */
describe('browser: the director follows how families are reached, from a phone', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let dataSource: DataSource;
  let schoolId: string;
  let test: TestApp;

  before(async () => {
    ({ dataSource, schoolId } = await privateDemoSchool());
    test = createTestApp({ dataSource });
    test.clock.set('2026-11-05T10:00:00.000Z');
    browser = await launchBrowser();
    server = await serve(test.app);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await dataSource?.destroy();
  });

  const expectAccessible = async (page: Page, what: string) => {
    expect(await accessibilityViolations(page), what).to.deep.equal([]);
    expect(await fitsWidth(page), `${what} fits 360 px`).to.equal(true);
  };

  const phoneAs = async (givenName: string, familyName: string): Promise<Page> => {
    const session = await test.signIn(await personId(dataSource, givenName, familyName));
    const context = await browser.newContext(PHONE_CONTEXT);
    const [name, value] = session.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    return context.newPage();
  };

  it('shows the figures and trends, lists the families to reach and records an action, in French and Arabic', async () => {
    const page = await phoneAs('Nathalie', 'Dubois');
    await page.goto(`${server.url}/schools/${schoolId}/engagement`);
    expect(await page.locator('section[aria-labelledby^=group-] > h2').allTextContents()).to.deep.equal(['L’école', 'CE2 A', 'Grande section — Les Hiboux']);
    expect(await page.locator('svg[role=img]').count()).to.equal(3);
    await expectAccessible(page, 'engagement page');

    await page.selectOption('#engagement-period', 'year');
    await page.click('button:has-text("Afficher")');
    await page.waitForURL(/period=year/);
    await expectAccessible(page, 'engagement page over the year');

    await page.click('a:has-text("Familles à joindre")');
    await page.waitForURL(/engagement\/families$/);
    await expectAccessible(page, 'families to reach');
    const card = page.locator('li.card', { hasText: 'Aminata Diallo' });
    await card.locator('input[name=note]').fill('Rendez-vous à la sortie');
    await card.locator('button').click();
    await page.waitForURL(/recorded=1/);
    expect(await page.locator('[role=status]').textContent()).to.include('Action enregistrée');
    expect(await page.locator('li.card', { hasText: 'Aminata Diallo' }).textContent()).to.include('Dernière action : rencontrer la famille');
    await expectAccessible(page, 'families to reach after an action');

    await page.goto(`${server.url}/schools/${schoolId}/engagement?lang=ar`);
    expect(await page.getAttribute('html', 'dir')).to.equal('rtl');
    await expectAccessible(page, 'engagement page in Arabic');
    await page.goto(`${server.url}/schools/${schoolId}/engagement/families?lang=ar`);
    await expectAccessible(page, 'families to reach in Arabic');
  });

  it('shows a teacher their own class only, without the school’s figures', async () => {
    const page = await phoneAs('Karim', 'Benali');
    await page.goto(`${server.url}/schools/${schoolId}/engagement`);
    expect(await page.locator('section[aria-labelledby^=group-] > h2').allTextContents()).to.deep.equal(['CE2 A']);
    await expectAccessible(page, 'a teacher’s engagement page');
  });
});
