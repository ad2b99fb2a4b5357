/// <reference lib="dom" />
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.js';
import { fitsWidth, launchBrowser, PHONE, serve } from '../support/browser.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

/* People who set their phone's text to 200 %: pages still fit 360 px, nothing scrolls sideways. */
describe('browser: text at 200 % on a 360 px phone', function () {
  this.timeout(120_000);
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

  async function widthAt200(page: Page, path: string): Promise<{ fits: boolean; width: number; wide: string[] }> {
    await page.goto(`${server.url}${path}`);
    await page.addStyleTag({ content: 'html { font-size: 200% !important; }' });
    return {
      fits: await fitsWidth(page),
      width: await page.evaluate(() => document.documentElement.scrollWidth),
      // What sticks out, named in the failure so the rule at fault is easy to find.
      wide: await page.evaluate((limit) =>
        Array.from(document.querySelectorAll('body *')).filter((element) => element.getBoundingClientRect().right > limit).slice(0, 5).map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
      PHONE.width),
    };
  }

  it('fits the home page and the school’s messaging rules page', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const { cookie } = await testApp.signIn((await school.director()).id);
    // The test's own style sheet enlarges the text: the page's CSP is for the app's pages, not for the test.
    // Not `isMobile`: a mobile viewport widens itself to fit what overflows, and would hide the overflow.
    const context = await browser.newContext({ viewport: PHONE, locale: 'fr-FR', hasTouch: true, bypassCSP: true });
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    for (const path of ['/', `/schools/${school.id}/messaging-settings`]) {
      const { fits, width, wide } = await widthAt200(page, path);
      expect(fits, `${path} is ${width} px wide: ${wide.join(', ')}`).to.equal(true);
      expect(width, path).to.be.at.most(PHONE.width);
    }
    await context.close();
  });
});
