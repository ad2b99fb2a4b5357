import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE_CONTEXT, serve } from '../support/browser.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { readSheets } from '../sharing/pdf-codes.js';
import { sharedClass } from '../sharing/support.js';

const PHONE_USER_AGENT = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

/*
 * The promise, end to end in Chromium: a teacher prints the class's QR sheets, a phone with
 * no account opens one code and sees exactly that child's published entries (in Arabic, chosen on
 * the page), the guardian sees the visit in the history, the teacher revokes the code, and the same
 * phone is refused on its next click.
 */
describe('browser: a printed QR code opens one child’s portfolio on a phone, until the teacher revokes it', function () {
  this.timeout(90_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let testApp: TestApp;
  let world: Awaited<ReturnType<typeof sharedClass>>;

  before(async () => {
    testApp = createTestApp();
    testApp.clock.set('2026-11-20T09:00:00.000Z');
    world = await sharedClass(testApp, await SchoolFactory.create(testDataSource()));
    browser = await launchBrowser();
    server = await serve(testApp.app);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedInPage(personId: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ ...PHONE_CONTEXT, acceptDownloads: true });
    const { cookie } = await testApp.signIn(personId);
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    return { context, page: await context.newPage() };
  }

  it('print, scan, view, history, revoke, refused', async () => {
    // The teacher prints the class sheets from her phone.
    const teacher = await signedInPage(world.families.teacher.id);
    await teacher.page.goto(`${server.url}/classes/${world.families.klass.id}/portfolio`);
    await teacher.page.getByRole('link', { name: 'Codes QR et consultations' }).click();
    expect(await fitsWidth(teacher.page)).to.equal(true);
    expect(await accessibilityViolations(teacher.page)).to.deep.equal([]);
    const [download] = await Promise.all([
      teacher.page.waitForEvent('download'),
      teacher.page.getByRole('button', { name: 'Imprimer les fiches de la classe (nouveaux codes)' }).click(),
    ]);
    const sheets = await readSheets(await readFile((await download.path())!));
    expect(sheets).to.have.length(2);
    const leaSheet = sheets.find((sheet) => sheet.text.includes(`Le carnet de ${world.lea.givenName}`))!;
    expect(leaSheet.codes).to.have.length(1);
    const codePath = new URL(leaSheet.codes[0]!).pathname;

    // A phone with no account opens the code: the token leaves the address bar at once.
    const phone = await browser.newContext({ ...PHONE_CONTEXT, userAgent: PHONE_USER_AGENT });
    const viewer = await phone.newPage();
    await viewer.goto(`${server.url}${codePath}`);
    expect(new URL(viewer.url()).pathname).to.equal('/shared');
    const titles = await viewer.locator('article h2').allTextContents();
    expect(titles).to.deep.equal(['Léa lit une histoire']);
    expect(await viewer.locator('main form').count()).to.equal(0);
    expect(await viewer.locator('a[download], a[href*="download"], a[href$=".zip"]').count()).to.equal(0);
    const photo = viewer.locator('article img');
    await photo.waitFor();
    expect(await photo.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).to.equal(true);
    expect(await fitsWidth(viewer)).to.equal(true);
    expect(await accessibilityViolations(viewer)).to.deep.equal([]);

    // The family reads Arabic: chosen on the page, right to left.
    await viewer.getByRole('link', { name: 'العربية' }).click();
    expect(await viewer.locator('html').getAttribute('dir')).to.equal('rtl');
    expect(await viewer.locator('h1').textContent()).to.equal(`دفتر ${world.lea.givenName}`);
    expect(await viewer.locator('article h2').allTextContents()).to.deep.equal(['Léa lit une histoire']);
    expect(await fitsWidth(viewer)).to.equal(true);
    expect(await accessibilityViolations(viewer)).to.deep.equal([]);

    // The guardian sees the visit in the history.
    const guardian = await signedInPage(world.families.guardians[0]!.id);
    await guardian.page.goto(`${server.url}/children/${world.lea.id}/portfolio`);
    await guardian.page.getByRole('link', { name: 'Partage et consultations' }).click();
    const qrVisits = guardian.page.locator('table.history tbody tr', { hasText: 'Code QR' });
    expect(await qrVisits.count()).to.equal(2);
    expect(await qrVisits.first().textContent()).to.include('Téléphone');
    expect(await fitsWidth(guardian.page)).to.equal(true);
    expect(await accessibilityViolations(guardian.page)).to.deep.equal([]);
    await guardian.context.close();

    // The teacher revokes Léa's code; the phone's very next click is refused.
    await teacher.page.goto(`${server.url}/classes/${world.families.klass.id}/sharing`);
    await teacher.page.getByRole('button', { name: `Révoquer le code QR de ${world.lea.givenName}` }).click();
    await teacher.page.waitForURL(/\/sharing\?revoked=1$/);
    expect(await teacher.page.getByRole('status').textContent()).to.include('L’accès est révoqué');
    await teacher.context.close();

    await viewer.getByRole('link', { name: 'Français' }).click();
    expect(await viewer.locator('.error-code').textContent()).to.include('SHARE_LINK_INVALID');
    expect(await viewer.locator('.error-message').textContent()).to.include('ne fonctionne pas ou plus');
    expect(await viewer.locator('article').count()).to.equal(0);
    await phone.close();
  });
});
