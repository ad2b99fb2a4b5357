/// <reference lib="dom" />
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import supertest from 'supertest';
import type { Person } from '../../src/model/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE_CONTEXT, serve } from '../support/browser.js';
import { testDataSource } from '../support/database.js';
import { messagingSchool, type MessagingSchool } from '../messaging/fixture.js';
import { phonePhoto, postEntryForm } from '../portfolio/support.js';

/*
 * A collège pupil on a 360 px phone: from their home to their portfolio and "show my parents",
 * a question to their teacher, the teacher's answer; neither another pupil nor a parent sees the
 * exchange, until the school lets guardians read their child's exchanges.
 */
describe('browser: a pupil’s own place on a phone', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let testApp: TestApp;
  let school: MessagingSchool;

  before(async () => {
    testApp = createTestApp();
    // Tuesday 24 November 2026, 10:00 in Paris.
    testApp.clock.set('2026-11-24T09:00:00.000Z');
    school = await messagingSchool();
    await testDataSource().query("UPDATE school SET kind = 'college' WHERE id = ?", [school.factory.id]);
    const teacher = await testApp.signIn(school.teacherA.id);
    const request = supertest(testApp.app);
    for (const title of ['La maquette du volcan', 'Exposé sur les abeilles']) {
      await postEntryForm(
        request,
        school.classA.id,
        teacher,
        { audience: 'children', pupilIds: school.leo.id, title, comment: 'Bravo Léo !', peopleReviewed: 'yes', appearing: [school.leo.id], when: 'now' },
        [{ name: 'IMG_0001.jpg', content: await phonePhoto() }],
      ).expect(303);
      testApp.clock.set(new Date(testApp.clock.now().getTime() + 60_000).toISOString());
    }
    browser = await launchBrowser();
    server = await serve(testApp.app);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function phoneOf(person: Person, options: { bypassCSP?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
    // The CSP is bypassed only where a test adds its own style sheet (200 % text).
    const context = await browser.newContext({ ...PHONE_CONTEXT, ...options });
    const { cookie } = await testApp.signIn(person.id);
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    return { context, page: await context.newPage() };
  }

  async function expectAccessible(page: Page): Promise<void> {
    expect(await fitsWidth(page), page.url()).to.equal(true);
    expect(await accessibilityViolations(page), page.url()).to.deep.equal([]);
  }

  it('opens the portfolio from home, shows it to the parents page by page, by keyboard too', async () => {
    const { context, page } = await phoneOf(school.leo);
    await page.goto(`${server.url}/home`);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Mon carnet' }).click();
    await page.waitForURL(new RegExp(`/children/${school.leo.id}/portfolio$`));
    expect(await page.getByText('La maquette du volcan').count()).to.be.greaterThan(0);

    await page.goto(`${server.url}/home`);
    await page.getByRole('link', { name: 'Montrer à mes parents' }).click();
    await page.waitForURL(/\/presentation$/);
    // Oldest first, as the pages of an exercise book.
    expect(await page.locator('.slide h2').textContent()).to.equal('La maquette du volcan');
    expect(await page.locator('.slide-position').textContent()).to.equal('Page 1 sur 2');
    // The photo is drawn at its size before it arrives: no layout shift.
    expect(await page.locator('.slide-photo').getAttribute('width')).to.equal('640');
    await expectAccessible(page);
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/slide=2$/);
    expect(await page.locator('.slide h2').textContent()).to.equal('Exposé sur les abeilles');
    expect(await page.getByRole('link', { name: 'Page suivante' }).count()).to.equal(0);
    await page.getByRole('link', { name: 'Page précédente' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/slide=1$/);
    await context.close();
  });

  it('keeps the pupil’s pages accessible in Arabic, right to left, where the left arrow turns to the next page', async () => {
    const { context, page } = await phoneOf(school.leo);
    for (const path of ['/home', `/children/${school.leo.id}/presentation`, '/messages/new']) {
      await page.goto(`${server.url}${path}?lang=ar`);
      expect(await page.locator('html').getAttribute('dir')).to.equal('rtl');
      await expectAccessible(page);
    }
    await page.goto(`${server.url}/children/${school.leo.id}/presentation?lang=ar`);
    await page.keyboard.press('ArrowLeft');
    await page.waitForURL(/slide=2/);
    await context.close();
  });

  it('keeps the pupil’s pages within 360 px at 200 % text', async () => {
    const { context, page } = await phoneOf(school.leo, { bypassCSP: true });
    for (const path of ['/home', `/children/${school.leo.id}/presentation`, '/messages/new']) {
      await page.goto(`${server.url}${path}?lang=fr`);
      await page.addStyleTag({ content: 'html { font-size: 200% !important; }' });
      expect(await fitsWidth(page), path).to.equal(true);
    }
    await context.close();
  });

  it('shows the director the pupils’ messaging rules, as the kind of school sets them, accessible in French and Arabic', async () => {
    const { context, page } = await phoneOf(school.director);
    for (const language of ['fr', 'ar']) {
      await page.goto(`${server.url}/schools/${school.factory.id}/messaging-settings?lang=${language}`);
      await expectAccessible(page);
    }
    await page.goto(`${server.url}/schools/${school.factory.id}/messaging-settings?lang=fr`);
    // A collège: pupils may write unless the director says otherwise; parents do not read by default.
    expect(await page.getByLabel('Les élèves peuvent écrire à leurs enseignants').isChecked()).to.equal(true);
    expect(await page.getByLabel('Les parents peuvent lire les échanges de leur enfant avec ses enseignants').isChecked()).to.equal(false);
    await context.close();
  });

  it('asks the teacher a question; the teacher answers; another pupil and a parent see nothing of it until the school lets parents read', async () => {
    const pupil = await phoneOf(school.leo);
    await pupil.page.goto(`${server.url}/home`);
    await pupil.page.getByRole('link', { name: 'Poser une question à mon enseignant' }).click();
    await pupil.page.waitForURL(/\/messages\/new$/);
    await expectAccessible(pupil.page);
    // Only the teachers of the pupil's class are offered.
    const offered = await pupil.page.locator('#to option').allTextContents();
    expect(offered).to.have.length(2);
    expect(offered.every((label) => label.includes('(mon enseignant)'))).to.equal(true);
    await pupil.page.selectOption('#to', `pupilToTeacher:${school.teacherA.id}`);
    await pupil.page.fill('#subject', 'Question sur le volcan');
    await pupil.page.fill('#body', 'Faut-il apporter la maquette lundi ?');
    await pupil.page.getByRole('button', { name: 'Envoyer' }).click();
    await pupil.page.waitForURL(/\/messages\/[0-9a-f-]+$/);
    const threadUrl = pupil.page.url();

    const teacher = await phoneOf(school.teacherA);
    await teacher.page.goto(`${server.url}/messages`);
    await teacher.page.getByRole('link', { name: /Question sur le volcan/ }).click();
    await teacher.page.fill('#reply-body', 'Oui, lundi matin.');
    await teacher.page.getByRole('button', { name: 'Envoyer' }).click();
    await teacher.page.waitForLoadState();

    await pupil.page.goto(threadUrl);
    expect(await pupil.page.getByText('Oui, lundi matin.').count()).to.equal(1);
    await expectAccessible(pupil.page);

    for (const other of [school.ines, school.mother]) {
      const { context, page } = await phoneOf(other);
      await page.goto(`${server.url}/messages`);
      expect(await page.getByText('Question sur le volcan').count(), other.givenName).to.equal(0);
      const direct = await page.goto(threadUrl);
      expect(direct?.status(), other.givenName).to.equal(404);
      await context.close();
    }

    // The school now lets guardians read their child's exchanges: Léo's mother does, Inès does not.
    await testDataSource().query('UPDATE school SET settingsJson = ? WHERE id = ?', [JSON.stringify({ messaging: { parentsReadPupilMessages: true } }), school.factory.id]);
    const mother = await phoneOf(school.mother);
    await mother.page.goto(`${server.url}/messages`);
    await mother.page.getByRole('link', { name: /Question sur le volcan/ }).click();
    expect(await mother.page.getByText('Oui, lundi matin.').count()).to.equal(1);
    // Read only: the exchange stays the pupil's and the teacher's.
    expect(await mother.page.locator('#reply-body').count()).to.equal(0);
    expect(await mother.page.locator('form.reactions').count()).to.equal(0);
    await expectAccessible(mother.page);
    const ines = await phoneOf(school.ines);
    await ines.page.goto(`${server.url}/messages`);
    expect(await ines.page.getByText('Question sur le volcan').count()).to.equal(0);
    for (const opened of [pupil, teacher, mother, ines]) await opened.context.close();
  });
});
