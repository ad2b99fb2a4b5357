import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE_CONTEXT, serve } from '../support/browser.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { freshUai } from '../operator/support.js';
import { OperatorTestApp } from '../operator/support-pages.js';

/*
 * An operator on a phone, in real Chromium: the console, creating a school (a wrong check letter
 * first), the school's page, an appointment link shown once, then the appointee accepting it.
 * Every page fits 360 px and has no axe violation, in French and in Arabic (right to left).
 */
describe('browser: an operator brings a school on from a phone', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let tool: OperatorTestApp;
  let existing: SchoolFactory;

  before(async () => {
    existing = await SchoolFactory.create(testDataSource(), { name: 'École Existante' });
    tool = OperatorTestApp.create([existing.school.uai]);
    browser = await launchBrowser();
    server = await serve(tool.app);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const expectAccessible = async (page: Page, what: string) => {
    expect(await accessibilityViolations(page), what).to.deep.equal([]);
    expect(await fitsWidth(page), `${what} fits 360 px`).to.equal(true);
  };

  it('creates a school, sends an appointment link, and every page passes axe at 360 px', async () => {
    const operator = await tool.operatorSession();
    const context = await browser.newContext(PHONE_CONTEXT);
    const [name, value] = operator.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();

    await page.goto(`${server.url}/operator`);
    await expectAccessible(page, 'console');

    const uai = freshUai();
    await page.fill('#school-uai', `${uai.slice(0, 7)}I`);
    await page.fill('#school-name', 'Collège des Tests');
    await page.selectOption('#school-kind', 'college');
    await page.click('button:has-text("Créer l’établissement")');
    await page.locator('#create-error').waitFor();
    expect(await page.locator('#create-error').textContent()).to.include('lettre clé');
    expect(await page.inputValue('#school-name'), 'what was typed is kept').to.equal('Collège des Tests');
    await expectAccessible(page, 'console with an error');

    await page.fill('#school-uai', uai);
    await page.click('button:has-text("Créer l’établissement")');
    await page.waitForURL(/created=/);
    expect(await page.locator('[role=status]').first().textContent()).to.include(uai);
    await page.click('a:has-text("Collège des Tests")');
    await expectAccessible(page, 'school page');

    await page.click('button:has-text("Créer un lien de nomination")');
    const link = await page.inputValue('#appointment-link');
    expect(link).to.match(/\/appointments\/[A-Za-z0-9_-]{43}$/);
    await expectAccessible(page, 'school page with the link');

    await page.goto(`${server.url}/operator?lang=ar`);
    expect(await page.getAttribute('html', 'dir')).to.equal('rtl');
    await expectAccessible(page, 'console in Arabic');
    await context.close();
  });

  it("lets the appointee accept on a phone, through the school's ENT", async () => {
    const operator = await tool.operatorSession();
    const created = await tool.post(operator, `/operator/schools/${existing.id}/appointment-links`, { role: 'director' });
    const path = new URL(/id="appointment-link"[^>]*value="([^"]+)"/.exec(created.text)![1]!).pathname;
    const head = await tool.session((await existing.person({ givenName: 'Paule', familyName: 'Principale' })).id, 'cas:ent-0');
    const context = await browser.newContext(PHONE_CONTEXT);
    const [name, value] = head.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}${path}`);
    await expectAccessible(page, 'confirmation');
    await page.click('button:has-text("Accepter")');
    expect(await page.locator('[role=status]').textContent()).to.include('École Existante');
    await expectAccessible(page, 'done');
    await page.goto(`${server.url}/schools/${existing.id}/appointments`);
    await expectAccessible(page, "the director's appointments page");
    await context.close();
  });
});
