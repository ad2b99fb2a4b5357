/// <reference lib="dom" />
import { expect } from 'chai';
import express from 'express';
import type { Browser, Page } from 'playwright-core';
import supertest from 'supertest';
import { createTestApp, type TestApp } from '../support/app.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE_CONTEXT, serve } from '../support/browser.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

/*
 * A new version of the app while a page is open: the page offers "a new version is available —
 * reload" and keeps what it shows until the person chooses; then it reloads into the new version.
 */
describe('browser: the app’s update prompt on a phone', function () {
  this.timeout(90_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let testApp: TestApp;
  let parentId: string;
  /** Set to serve the service worker with other bytes: what a deployment of a new version does. */
  let newVersion = false;

  before(async () => {
    testApp = createTestApp();
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    parentId = (await school.guardian([await school.pupil(klass)])).id;
    const worker = (await supertest(testApp.app).get('/service-worker.js').expect(200)).text;
    const outer = express();
    outer.get('/service-worker.js', (_req, res, next) => {
      if (!newVersion) return next();
      res.set({ 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' }).send(`${worker}\n// next version\n`);
    });
    outer.use(testApp.app);
    browser = await launchBrowser();
    server = await serve(outer);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const waitUntil = (page: Page, condition: () => boolean) => page.waitForFunction(condition, undefined, { timeout: 15_000 });

  for (const language of ['fr', 'ar'] as const) {
    it(`offers the new version and reloads only when the person asks (${language})`, async () => {
      newVersion = false;
      const context = await browser.newContext(PHONE_CONTEXT);
      const { cookie } = await testApp.signIn(parentId);
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: server.url }]);
      const page = await context.newPage();
      await page.goto(`${server.url}/home?lang=${language}`);
      await waitUntil(page, () => navigator.serviceWorker.controller !== null);
      // The first install is no update: nothing is offered.
      await page.goto(`${server.url}/home?lang=${language}`);
      await waitUntil(page, () => navigator.serviceWorker.controller !== null);
      await page.waitForTimeout(500);
      expect(await page.locator('#update-prompt').isVisible()).to.equal(false);

      // A new version is deployed while the page is open.
      newVersion = true;
      await page.evaluate(() => {
        (window as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true;
        return navigator.serviceWorker.getRegistration().then((registration) => registration?.update());
      });
      const prompt = page.locator('#update-prompt');
      await prompt.waitFor({ state: 'visible', timeout: 15_000 });
      expect(await prompt.getAttribute('role')).to.equal('status');
      expect(await prompt.textContent()).to.include(language === 'fr' ? 'Une nouvelle version' : 'إصدار جديد');
      expect(await fitsWidth(page)).to.equal(true);
      expect(await accessibilityViolations(page)).to.deep.equal([]);
      // Nothing happens under the person's feet: the page stays as it was.
      await page.waitForTimeout(1_000);
      expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).to.equal(true);

      // By keyboard: the button reloads into the new version.
      await prompt.getByRole('button').focus();
      await Promise.all([page.waitForEvent('load', { timeout: 15_000 }), page.keyboard.press('Enter')]);
      expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).to.equal(undefined);
      await waitUntil(page, () => navigator.serviceWorker.controller !== null);
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).to.equal(null);
      expect(await page.locator('#update-prompt').isVisible()).to.equal(false);
      await context.close();
    });
  }
});
