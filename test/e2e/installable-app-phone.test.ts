import { expect } from 'chai';
import supertest from 'supertest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE, serve } from '../support/browser.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { classWithFamilies, phonePhoto, postEntryForm } from '../portfolio/support.js';

/*
 * The family app on a phone, in Chromium: installable (manifest, icons, a service worker in
 * control), a parent's timeline and thread readable offline with the "hors ligne" banner, a reply
 * typed offline kept on the phone and sent once when the network is back, and nothing of one
 * person left for the next one on the same browser.
 */
const imageLoaded = (image: HTMLElement | SVGElement | null): boolean => image instanceof HTMLImageElement && image.complete && image.naturalWidth > 0;

describe('browser: the installable app, offline on a phone', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let testApp: TestApp;
  let families: Awaited<ReturnType<typeof classWithFamilies>>;
  let threadId: string;
  const subject = `Sortie au musée ${Date.now()}`;

  before(async () => {
    testApp = createTestApp();
    // Friday 20 November 2026, 10:00 in Paris; the photo goes out at the 16:30 slot.
    testApp.clock.set('2026-11-20T09:00:00.000Z');
    const school = await SchoolFactory.create(testDataSource());
    families = await classWithFamilies(school, ['class', 'class']);
    const request = supertest(testApp.app);
    const teacher = await testApp.signIn(families.teacher.id);
    const posted = await postEntryForm(
      request,
      families.klass.id,
      teacher,
      { audience: 'class', momentKind: 'outing', title: 'Les chèvres de la ferme', comment: 'Une belle journée.', peopleReviewed: 'yes', appearing: [families.pupils[0]!.id], when: 'nextSlot' },
      [{ name: 'IMG_0001.jpg', content: await phonePhoto() }],
    );
    expect(posted.status, posted.text).to.equal(303);
    testApp.clock.set('2026-11-20T15:31:00.000Z');
    const teacherLater = await testApp.signIn(families.teacher.id);
    const sent = await request
      .post('/api/v1/messages')
      .set('Cookie', teacherLater.cookie)
      .set('X-CSRF-Token', teacherLater.csrfToken)
      .send({ to: { audience: 'family', pupilId: families.pupils[0]!.id }, subject, body: 'Prévoyez un goûter.' });
    expect(sent.status, sent.text).to.equal(201);
    threadId = (sent.body as { messages: { id: string }[] }).messages[0]!.id;
    browser = await launchBrowser();
    server = await serve(testApp.app);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signInOn(context: BrowserContext, personId: string): Promise<void> {
    const { cookie } = await testApp.signIn(personId);
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
  }

  /** Opens a page and waits until the service worker controls it (the first visit installs it). */
  async function openControlled(page: Page, path: string): Promise<void> {
    await page.goto(`${server.url}${path}`);
    const controlled = await page.evaluate(async () => {
      const deadline = Date.now() + 15_000;
      while (!navigator.serviceWorker.controller && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      return navigator.serviceWorker.controller !== null;
    });
    expect(controlled, `a service worker controls ${path}`).to.equal(true);
  }

  /** What every Cache Storage cache of the page's origin holds, by cache name. */
  const cachedUrls = (page: Page) =>
    page.evaluate(async () => {
      const found: Record<string, string[]> = {};
      for (const name of await caches.keys()) found[name] = (await (await caches.open(name)).keys()).map((request) => request.url);
      return found;
    });
  const personCaches = (cached: Record<string, string[]>) => Object.keys(cached).filter((name) => name.startsWith('ecarnet-person-'));

  async function readTimelineAndThread(page: Page): Promise<void> {
    await openControlled(page, '/home');
    await page.goto(`${server.url}/home`);
    await page.goto(`${server.url}/children/${families.pupils[0]!.id}/portfolio`);
    const photo = page.locator('article', { hasText: 'Les chèvres de la ferme' }).locator('img');
    await photo.scrollIntoViewIfNeeded();
    await page.waitForFunction(imageLoaded, await photo.elementHandle(), { timeout: 10_000 });
    await page.goto(`${server.url}/messages/${threadId}`);
    expect(await page.locator('h1').first().textContent()).to.equal(subject);
  }

  it('is installable: its manifest, icons that load, and a service worker controlling the page', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'fr-FR', isMobile: true, hasTouch: true });
    await signInOn(context, families.guardians[0]!.id);
    const page = await context.newPage();
    await openControlled(page, '/home');
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).to.equal('/app.webmanifest?lang=fr');
    const manifest = await page.evaluate(async (url) => (await fetch(url)).json(), href!);
    expect(manifest).to.include({ short_name: 'e-carnet', start_url: '/home', scope: '/', display: 'standalone', theme_color: '#1d4e89', lang: 'fr' });
    expect(manifest.name).to.be.a('string').and.not.equal('');
    const icons = manifest.icons as { src: string; sizes: string; purpose: string }[];
    expect(icons.map((icon) => `${icon.sizes} ${icon.purpose}`)).to.include.members(['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of icons) {
      const size = await page.evaluate(async (src) => {
        const image = new Image();
        image.src = src;
        await image.decode();
        return `${image.naturalWidth}x${image.naturalHeight}`;
      }, icon.src);
      expect(size).to.equal(icon.sizes);
    }
    const worker = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
    expect(worker).to.equal(`${server.url}/service-worker.js`);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope)).to.equal(`${server.url}/`);
    await context.close();
  });

  it('a parent reads the timeline and a thread offline, with the banner, and gets the offline page for the rest', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'fr-FR', isMobile: true, hasTouch: true });
    await signInOn(context, families.guardians[0]!.id);
    const page = await context.newPage();
    await readTimelineAndThread(page);
    expect(await page.locator('#offline-banner').isHidden()).to.equal(true);

    await context.setOffline(true);
    await page.reload();
    expect(await page.locator('h1').first().textContent()).to.equal(subject);
    const banner = page.locator('#offline-banner');
    expect(await banner.isVisible()).to.equal(true);
    expect(await banner.textContent()).to.match(/^Hors ligne — dernière mise à jour à \d{2}:\d{2}$/);
    expect(await accessibilityViolations(page)).to.deep.equal([]);

    await page.goto(`${server.url}/children/${families.pupils[0]!.id}/portfolio`);
    const photo = page.locator('article', { hasText: 'Les chèvres de la ferme' }).locator('img');
    await photo.scrollIntoViewIfNeeded();
    await page.waitForFunction(imageLoaded, await photo.elementHandle(), { timeout: 10_000 });
    expect(await page.locator('#offline-banner').isVisible()).to.equal(true);

    // Read again the next day, still offline: the banner names the day.
    await page.clock.setFixedTime(new Date(Date.now() + 26 * 3_600_000));
    await page.reload();
    expect(await page.locator('#offline-banner').textContent()).to.match(/^Hors ligne — dernière mise à jour le \d{1,2} [a-zéû]+ à \d{2}:\d{2}$/);

    // Never opened on this phone: the offline page, in the person's language.
    await page.goto(`${server.url}/portfolio/entries/00000000-0000-4000-8000-000000000000`);
    expect(await page.locator('h1').textContent()).to.equal('Vous êtes hors ligne');
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    await context.close();
  });

  it('speaks the person’s language offline: Arabic banner and offline page, right to left, at 360 px', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'ar', isMobile: true, hasTouch: true });
    await signInOn(context, families.guardians[0]!.id);
    const page = await context.newPage();
    await openControlled(page, '/home?lang=ar');
    await page.goto(`${server.url}/messages/${threadId}`);
    await context.setOffline(true);
    await page.reload();
    expect(await page.locator('html').getAttribute('dir')).to.equal('rtl');
    expect(await page.locator('#offline-banner').textContent()).to.match(/^غير متصل — آخر تحديث في /);
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    await page.goto(`${server.url}/portfolio/entries/00000000-0000-4000-8000-000000000000`);
    expect(await page.locator('h1').textContent()).to.equal('أنتم غير متصلين بالشبكة');
    expect(await page.locator('html').getAttribute('dir')).to.equal('rtl');
    expect(await fitsWidth(page)).to.equal(true);
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    await context.close();
  });

  it('keeps a reply typed offline on the phone and sends it once when the network is back', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'fr-FR', isMobile: true, hasTouch: true });
    await signInOn(context, families.guardians[0]!.id);
    const page = await context.newPage();
    await readTimelineAndThread(page);
    await context.setOffline(true);
    await page.reload();
    const words = `Nous serons là ${Date.now()}`;
    const count = async () => Number(((await testDataSource().query('SELECT COUNT(*) AS n FROM message WHERE body = ?', [words])) as { n: number | string }[])[0]!.n);

    await page.getByLabel('Votre réponse').fill(words);
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
    const drafts = page.locator('#offline-drafts');
    expect(await drafts.locator('.offline-drafts-status').textContent()).to.match(/^Pas de réseau : votre réponse est gardée sur cet appareil/);
    expect(await drafts.locator('li p').textContent()).to.equal(words);
    const send = page.getByRole('button', { name: 'Envoyer maintenant' });
    expect(await send.isDisabled()).to.equal(true);
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    expect(await count()).to.equal(0);

    await context.setOffline(false);
    await page.waitForFunction(() => !(document.querySelector('#offline-drafts li button') as HTMLButtonElement | null)?.disabled);
    await Promise.all([page.waitForEvent('load'), send.click()]);
    await page.locator('h1').first().waitFor();
    expect(await page.locator('main').textContent()).to.include(words);
    expect(await page.locator('#offline-drafts').isHidden()).to.equal(true);
    expect(await count()).to.equal(1);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('ecarnet-drafts-')))).to.deep.equal([]);
    await context.close();
  });

  it('signing out empties the phone’s caches: the next person on the browser sees nothing of the first', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'fr-FR', isMobile: true, hasTouch: true });
    await signInOn(context, families.guardians[0]!.id);
    const page = await context.newPage();
    await readTimelineAndThread(page);
    const before = await cachedUrls(page);
    expect(personCaches(before)).to.have.length(1);
    expect(before[personCaches(before)[0]!]!.some((url) => url.endsWith(`/messages/${threadId}`))).to.equal(true);

    await Promise.all([page.waitForURL(/\/sign-in\?signedOut=1$/), page.getByRole('button', { name: 'Se déconnecter' }).click()]);
    const after = await cachedUrls(page);
    expect(personCaches(after)).to.deep.equal([]);
    expect(Object.values(after).flat().some((url) => url.includes(threadId) || url.includes('/media/'))).to.equal(false);

    await signInOn(context, families.guardians[1]!.id);
    await openControlled(page, '/home');
    await page.goto(`${server.url}/home`);
    await context.setOffline(true);
    for (const path of [`/messages/${threadId}`, `/children/${families.pupils[0]!.id}/portfolio`]) {
      await page.goto(`${server.url}${path}`);
      expect(await page.locator('h1').textContent()).to.equal('Vous êtes hors ligne');
      expect(await page.locator('body').textContent()).not.to.include(subject);
    }
    await context.close();
  });

  it('empties the person’s pages when their session ended elsewhere (expired, or ended by the school)', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'fr-FR', isMobile: true, hasTouch: true });
    await signInOn(context, families.guardians[0]!.id);
    const page = await context.newPage();
    await readTimelineAndThread(page);
    expect(personCaches(await cachedUrls(page))).to.have.length(1);
    await testDataSource().query('DELETE FROM http_session WHERE personId = ?', [families.guardians[0]!.id]);
    await page.goto(`${server.url}/messages/${threadId}`);
    await page.waitForURL(/\/sign-in\?/);
    expect(personCaches(await cachedUrls(page))).to.deep.equal([]);
    await context.setOffline(true);
    await page.goto(`${server.url}/messages/${threadId}`);
    expect(await page.locator('h1').textContent()).to.equal('Vous êtes hors ligne');
    await context.close();
  });

  it('empties the first person’s pages as soon as another person signs in on the same browser', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'fr-FR', isMobile: true, hasTouch: true });
    await signInOn(context, families.guardians[0]!.id);
    const page = await context.newPage();
    await readTimelineAndThread(page);
    // Another session replaces the cookie, without signing out (a shared tablet, an ENT switching accounts).
    await signInOn(context, families.guardians[1]!.id);
    await page.goto(`${server.url}/home`);
    const cached = await cachedUrls(page);
    expect(personCaches(cached)).to.have.length(1);
    expect(Object.values(cached).flat().some((url) => url.includes(threadId) || url.includes('/media/'))).to.equal(false);
    await context.setOffline(true);
    await page.goto(`${server.url}/messages/${threadId}`);
    expect(await page.locator('h1').textContent()).to.equal('Vous êtes hors ligne');
    await context.close();
  });
});
