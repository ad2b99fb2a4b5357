import { expect } from 'chai';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE, PHONE_CONTEXT, serve } from '../support/browser.js';
import { demoPerson, demoSchool } from '../support/demo.js';
import { unzip } from '../portfolio/export-support.js';
import { phonePhoto } from '../portfolio/support.js';

/*
 * The portfolio's promise, end to end in Chromium on a phone: the demo school's teacher posts a
 * class-moment photo of three children, one of whom (Lina) has no image-rights consent. It goes
 * out at Friday's publication slot; Lina's family sees the photo, the other families see the
 * moment without it; Lina's family downloads the whole portfolio and opens it offline.
 */
/** In the page: the picture has arrived and decoded (a broken image has no natural width). */
const imageLoaded = (image: HTMLElement | SVGElement | null): boolean => image instanceof HTMLImageElement && image.complete && image.naturalWidth > 0;

describe('browser: a class-moment photo from a phone, published at the slot, shown by image rights', function () {
  this.timeout(90_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let testApp: TestApp;

  before(async () => {
    testApp = createTestApp();
    // Friday 20 November 2026, 10:00 in Paris; the demo school publishes on Fridays at 16:30.
    testApp.clock.set('2026-11-20T09:00:00.000Z');
    await demoSchool();
    browser = await launchBrowser();
    server = await serve(testApp.app);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function phoneAs(personId: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(PHONE_CONTEXT);
    const { cookie } = await testApp.signIn(personId);
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    return { context, page: await context.newPage() };
  }

  it('a teacher posts from her phone; at the slot Lina’s family sees the photo and the others do not', async () => {
    const teacher = await demoPerson('Claire', 'Martin');
    const [leo, lina, amira] = await Promise.all([demoPerson('Léo', 'Petit'), demoPerson('Lina', 'Haddad'), demoPerson('Amira', 'Benkirane')]);
    const { context, page } = await phoneAs(teacher.id);
    await page.goto(`${server.url}/home`);
    await page.getByRole('link', { name: 'Carnet de la classe' }).first().click();
    expect(await fitsWidth(page)).to.equal(true);
    expect(await accessibilityViolations(page)).to.deep.equal([]);

    await page.getByLabel('Toute la classe (moment de classe)').check();
    await page.getByLabel('Type de moment').selectOption('outing');
    await page.setInputFiles('#files', { name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto(1200, 900) });
    // "Who appears" has no answer chosen in advance: skipping it stops the post in the browser.
    await page.getByRole('button', { name: 'Publier au prochain créneau' }).click();
    expect(await page.locator('input[name="peopleReviewed"][value="yes"]').evaluate((radio: HTMLInputElement) => radio.validity.valueMissing)).to.equal(true);
    expect(page.url()).to.match(/\/classes\/[0-9a-f-]{36}\/portfolio$/);
    // The children's list appears once "children appear" is the answer, each consent badge on its child's row.
    expect(await page.locator('.appearing-list').isVisible()).to.equal(false);
    await page.getByLabel('Des enfants apparaissent : je les coche ci-dessous').check();
    for (const pupil of [leo, lina, amira]) await page.locator(`input[name="appearing"][value="${pupil.id}"]`).check();
    // Each badge lies inside its child's row, above the rule that starts the next child's.
    const rows = await page.locator('.appearing-list label').evaluateAll((labels) =>
      labels.map((label) => {
        const row = label.getBoundingClientRect();
        const badge = label.querySelector('.badge')!.getBoundingClientRect();
        const next = label.parentElement!.nextElementSibling?.getBoundingClientRect();
        return badge.top >= row.top && badge.bottom <= row.bottom && (next === undefined || badge.bottom <= next.top);
      }),
    );
    expect(rows.length).to.be.greaterThan(0);
    expect(rows.every(Boolean), 'every badge sits in its child’s row').to.equal(true);
    expect(await fitsWidth(page)).to.equal(true);
    await page.getByLabel('Titre').fill('Visite de la ferme');
    await page.getByLabel('Commentaire de l’enseignant').fill('Les enfants ont nourri les chèvres.');
    await page.getByRole('button', { name: 'Publier au prochain créneau' }).click();
    await page.waitForURL(/\/portfolio\/entries\//);

    // Before publishing, the teacher is told which families will not see the photo, and why.
    expect(await page.locator('.badge.state-scheduled').textContent()).to.equal('Programmée');
    const hidden = await page.locator('.hidden-from').allTextContents();
    expect(hidden).to.have.length(19);
    expect(hidden.every((line) => line.includes('Lina Haddad apparaît'))).to.equal(true);
    expect(hidden.some((line) => line.includes('Lina Haddad :'))).to.equal(false);
    expect(await fitsWidth(page)).to.equal(true);
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    await context.close();

    // Before the slot, families see nothing; after it, each sees what Lina's rights allow.
    const [nadia, julie] = await Promise.all([demoPerson('Nadia', 'Haddad'), demoPerson('Julie', 'Petit')]);
    const early = await phoneAs(julie.id);
    await early.page.goto(`${server.url}/children/${leo.id}/portfolio`);
    expect(await early.page.locator('main').textContent()).not.to.include('Visite de la ferme');
    await early.context.close();

    testApp.clock.set('2026-11-20T15:31:00.000Z');
    const linaFamily = await phoneAs(nadia.id);
    await linaFamily.page.goto(`${server.url}/home`);
    await linaFamily.page.getByRole('link', { name: 'Voir le carnet' }).first().click();
    const article = linaFamily.page.locator('article', { hasText: 'Visite de la ferme' });
    const photo = article.locator('img');
    // Thumbnails load lazily: bring it into view, then wait for the decoded picture.
    await photo.scrollIntoViewIfNeeded();
    await linaFamily.page.waitForFunction(imageLoaded, await photo.elementHandle(), { timeout: 10_000 });
    expect(await fitsWidth(linaFamily.page)).to.equal(true);
    expect(await accessibilityViolations(linaFamily.page)).to.deep.equal([]);

    // The family takes the whole portfolio away as a ZIP and opens it offline.
    const [download] = await Promise.all([
      linaFamily.page.waitForEvent('download'),
      linaFamily.page.getByRole('link', { name: 'Télécharger tout le carnet (ZIP)' }).click(),
    ]);
    const files = await unzip(await readFile((await download.path())!));
    const folder = await mkdtemp(path.join(tmpdir(), 'ecarnet-export-'));
    for (const [name, content] of files) {
      await mkdir(path.dirname(path.join(folder, name)), { recursive: true });
      await writeFile(path.join(folder, name), content);
    }
    const offline = await browser.newContext({ viewport: PHONE, offline: true });
    const offlinePage = await offline.newPage();
    await offlinePage.goto(pathToFileURL(path.join(folder, 'index.html')).href);
    expect(await offlinePage.locator('body').textContent()).to.include('Visite de la ferme');
    const offlinePhoto = offlinePage.locator('img').first();
    await offlinePhoto.scrollIntoViewIfNeeded();
    await offlinePage.waitForFunction(imageLoaded, await offlinePhoto.elementHandle(), { timeout: 10_000 });
    await offline.close();
    await rm(folder, { recursive: true, force: true });
    await linaFamily.context.close();

    const leoFamily = await phoneAs(julie.id);
    await leoFamily.page.goto(`${server.url}/children/${leo.id}/portfolio`);
    const leoArticle = leoFamily.page.locator('article', { hasText: 'Visite de la ferme' });
    expect(await leoArticle.count()).to.equal(1);
    expect(await leoArticle.locator('img').count()).to.equal(0);
    await leoFamily.context.close();
  });
});
