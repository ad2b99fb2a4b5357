/// <reference lib="dom" />
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import supertest from 'supertest';
import { createTestApp, type TestApp } from '../support/app.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE, serve } from '../support/browser.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { classWithFamilies, phonePhoto, postEntryForm } from '../portfolio/support.js';

/*
 * A parent's home page on a 360 px phone: the news of their child, and the app-like bottom
 * navigation, reachable by keyboard, named for screen readers, never covering the page, in
 * French and in Arabic (right to left).
 */
describe('browser: the news-first home page and the bottom navigation on a phone', function () {
  this.timeout(90_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let testApp: TestApp;
  let parentId: string;

  before(async () => {
    testApp = createTestApp();
    // Friday 20 November 2026, 10:00 in Paris.
    testApp.clock.set('2026-11-20T09:00:00.000Z');
    const request = supertest(testApp.app);
    const school = await SchoolFactory.create(testDataSource());
    const families = await classWithFamilies(school, ['class', 'none']);
    const [amira, zoe] = families.pupils;
    const teacher = await testApp.signIn(families.teacher.id);
    await postEntryForm(
      request,
      families.klass.id,
      teacher,
      { audience: 'class', momentKind: 'outing', title: 'Sortie à la ferme', comment: 'Les chèvres !', peopleReviewed: 'yes', appearing: [amira!.id, zoe!.id], when: 'now' },
      [{ name: 'IMG_0001.jpg', content: await phonePhoto() }],
    ).expect(303);
    await request
      .post('/api/v1/messages')
      .set('Cookie', teacher.cookie)
      .set('X-CSRF-Token', teacher.csrfToken)
      .send({ to: { audience: 'family', pupilId: zoe!.id }, kind: 'request', requestKind: 'authorisation', subject: 'Sortie au musée', body: 'Autorisez-vous votre enfant à venir ?' })
      .expect(201);
    parentId = families.guardians[1]!.id;
    browser = await launchBrowser();
    server = await serve(testApp.app);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function phone(width = PHONE.width): Promise<{ context: BrowserContext; page: Page }> {
    // Not `isMobile`: a mobile viewport widens itself to fit what overflows, and would hide the overflow.
    // The CSP is bypassed only so the 200 % test can add its own style sheet.
    const context = await browser.newContext({ viewport: { width, height: PHONE.height }, locale: 'fr-FR', hasTouch: true, bypassCSP: true });
    const { cookie } = await testApp.signIn(parentId);
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    return { context, page: await context.newPage() };
  }

  /** Whether the end of the page, scrolled to the bottom, stays above the bar. */
  const endVisibleAboveBar = (page: Page) =>
    page.evaluate(() => {
      window.scrollTo(0, document.documentElement.scrollHeight);
      const bar = document.querySelector('.bottom-nav')!.getBoundingClientRect();
      const footer = document.querySelector('.site-footer')!.getBoundingClientRect();
      return footer.bottom <= bar.top + 0.5;
    });

  it('shows the child’s new photo, the request and a bottom navigation that covers nothing, with no axe violation', async () => {
    const { context, page } = await phone();
    await page.goto(`${server.url}/home`);
    expect(await page.locator('.news-thumbs img').count()).to.equal(1);
    expect(await page.locator('.requests.awaiting').textContent()).to.include('Sortie au musée');
    expect(await page.locator('.next-news').textContent()).to.include('vendredi 16 h 30');

    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    expect(await nav.isVisible()).to.equal(true);
    expect(await nav.getByRole('link').allTextContents()).to.have.length(4);
    expect(await nav.getByRole('link', { name: 'Accueil' }).getAttribute('aria-current')).to.equal('page');
    // The badge's number is read out in words.
    expect(await nav.getByRole('link', { name: /Messages\s*1 non lu/ }).count()).to.equal(1);
    expect(await fitsWidth(page)).to.equal(true);
    expect(await endVisibleAboveBar(page)).to.equal(true);
    expect(await accessibilityViolations(page)).to.deep.equal([]);

    // By keyboard: the bar's links take the focus and open their page, which is then marked current.
    await nav.getByRole('link', { name: /Messages/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/messages$/);
    expect(await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: /Messages/ }).getAttribute('aria-current')).to.equal('page');
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    await context.close();
  });

  it('reads right to left in Arabic, still fitting 360 px with no axe violation', async () => {
    const { context, page } = await phone();
    await page.goto(`${server.url}/home?lang=ar`);
    expect(await page.locator('html').getAttribute('dir')).to.equal('rtl');
    const nav = page.getByRole('navigation', { name: 'التنقل الرئيسي' });
    expect(await nav.isVisible()).to.equal(true);
    // The first place, "home", sits at the right edge in a right-to-left page.
    const [first, last] = await Promise.all([nav.getByRole('link').first().boundingBox(), nav.getByRole('link').last().boundingBox()]);
    expect(first!.x).to.be.greaterThan(last!.x);
    expect(await fitsWidth(page)).to.equal(true);
    expect(await endVisibleAboveBar(page)).to.equal(true);
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    await context.close();
  });

  it('at 200 % text, the bar grows with the text and still covers nothing', async () => {
    const { context, page } = await phone();
    await page.goto(`${server.url}/home`);
    await page.addStyleTag({ content: 'html { font-size: 200% !important; }' });
    expect(await fitsWidth(page)).to.equal(true);
    expect(await endVisibleAboveBar(page)).to.equal(true);
    await context.close();
  });

  it('keeps wider screens as they were: no bottom bar', async () => {
    const { context, page } = await phone(1024);
    await page.goto(`${server.url}/home`);
    expect(await page.locator('.bottom-nav').isVisible()).to.equal(false);
    await context.close();
  });
});
