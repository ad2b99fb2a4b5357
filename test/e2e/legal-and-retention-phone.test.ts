import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { Enrolment, RetentionHold } from '../../src/model/index.js';
import { newId } from '../../src/model/columns.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE_CONTEXT, serve } from '../support/browser.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

/*
 * The legal pages and the director's retention page on a phone, in real Chromium, in French and
 * in Arabic (right to left): each fits 360 px and has no axe violation (WCAG 2.1 A and AA).
 */
describe('browser: legal pages and the retention page at 360 px, in French and Arabic', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let test: TestApp;
  let school: SchoolFactory;
  let directorId: string;

  before(async () => {
    test = createTestApp();
    test.clock.set('2027-07-10T08:00:00.000Z');
    school = await SchoolFactory.create(testDataSource(), { name: 'École Louise-Michel' });
    const klass = await school.class();
    const director = await school.director();
    directorId = director.id;
    // Someone who left, someone under a legal hold: the page shows both kinds of line.
    for (const givenName of ['Amira', 'Théo']) {
      const pupil = await school.pupil(klass, { givenName });
      await testDataSource().getRepository(Enrolment).update({ pupilId: pupil.id }, { endedAt: new Date('2027-07-04T15:00:00.000Z') });
      await school.guardian([pupil]);
      if (givenName === 'Théo') {
        await testDataSource().getRepository(RetentionHold).insert({ id: newId(), schoolId: school.id, pupilId: pupil.id, reason: 'Réquisition', placedById: director.id, placedAt: test.clock.now(), releasedById: null, releasedAt: null });
      }
    }
    browser = await launchBrowser();
    server = await serve(test.app);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const expectAccessible = async (page: Page, what: string) => {
    expect(await accessibilityViolations(page), what).to.deep.equal([]);
    expect(await fitsWidth(page), `${what} fits 360 px`).to.equal(true);
  };

  for (const lang of ['fr', 'ar'] as const) {
    it(`privacy notice, legal notice, accessibility statement and retention page pass axe (${lang})`, async () => {
      const session = await test.signIn(directorId);
      const context = await browser.newContext({ ...PHONE_CONTEXT, locale: lang === 'ar' ? 'ar' : 'fr-FR' });
      const [name, value] = session.cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: server.url }]);
      const page = await context.newPage();
      for (const path of [`/legal/privacy?school=${school.id}`, '/legal/notice', '/legal/accessibility', `/schools/${school.id}/retention`]) {
        await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        expect(await page.getAttribute('html', 'lang')).to.equal(lang);
        await expectAccessible(page, `${path} (${lang})`);
      }
      // A hold refused for its missing reason: the error is announced and the page still passes.
      await page.locator('form[action$="/retention/holds"] button').first().click();
      await page.locator('[role=alert]').waitFor();
      await expectAccessible(page, `retention page with an error (${lang})`);
      await context.close();
    });
  }
});
