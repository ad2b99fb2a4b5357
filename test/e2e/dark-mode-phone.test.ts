/// <reference lib="dom" />
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE_CONTEXT, serve } from '../support/browser.js';
import { demoPerson, demoSchool } from '../support/demo.js';

/*
 * A phone set to dark mode gets dark pages (the evening is when parents read), with the same
 * contrast as the light ones: axe finds nothing on the pages each role reads most.
 */

/** Relative luminance of the page's background (0 black, 1 white), from its computed colour. */
async function backgroundLuminance(page: Page): Promise<number> {
  const colour = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const [r, g, b] = (colour.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((part) => Number(part) / 255);
  if (r === undefined || g === undefined || b === undefined) throw new Error(`unreadable colour ${colour}`);
  const linear = (value: number) => (value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

describe('browser: dark mode on a 360 px phone', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let testApp: TestApp;
  let schoolId: string;

  before(async () => {
    testApp = createTestApp();
    testApp.clock.set('2026-11-20T09:00:00.000Z');
    schoolId = await demoSchool();
    browser = await launchBrowser();
    server = await serve(testApp.app);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function darkPhoneAs(givenName: string, familyName: string, colorScheme: 'dark' | 'light' = 'dark'): Promise<Page> {
    const person = await demoPerson(givenName, familyName);
    const context = await browser.newContext({ ...PHONE_CONTEXT, colorScheme });
    const { cookie } = await testApp.signIn(person.id);
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    return context.newPage();
  }

  async function expectDarkAndReadable(page: Page, path: string): Promise<void> {
    await page.goto(`${server.url}${path}`);
    expect(await backgroundLuminance(page), `${path} has a dark background`).to.be.below(0.05);
    expect(await fitsWidth(page), `${path} fits 360 px`).to.equal(true);
    expect(await accessibilityViolations(page), path).to.deep.equal([]);
  }

  it('keeps light pages light for a phone in light mode', async () => {
    const page = await darkPhoneAs('Claire', 'Martin', 'light');
    await page.goto(`${server.url}/home`);
    expect(await backgroundLuminance(page)).to.be.above(0.8);
    await page.context().close();
  });

  it('shows the teacher’s pages dark, with no contrast problem', async () => {
    const page = await darkPhoneAs('Claire', 'Martin');
    await expectDarkAndReadable(page, '/home');
    await page.getByRole('link', { name: 'Carnet de la classe' }).first().click();
    await expectDarkAndReadable(page, new URL(page.url()).pathname);
    await expectDarkAndReadable(page, '/messages/new');
    await page.context().close();
  });

  it('shows the director’s and a parent’s pages dark, with no contrast problem', async () => {
    const director = await darkPhoneAs('Nathalie', 'Dubois');
    for (const path of ['/home', `/schools/${schoolId}/messaging-settings`, `/schools/${schoolId}/audit`, '/not-a-page']) {
      if (path === '/not-a-page') {
        await director.goto(`${server.url}${path}`);
        expect(await accessibilityViolations(director), path).to.deep.equal([]);
        continue;
      }
      await expectDarkAndReadable(director, path);
    }
    await director.context().close();

    const parent = await darkPhoneAs('Nadia', 'Haddad');
    await expectDarkAndReadable(parent, '/home');
    await expectDarkAndReadable(parent, '/messages');
    await expectDarkAndReadable(parent, '/messages/preferences');
    await parent.context().close();
  });
});
