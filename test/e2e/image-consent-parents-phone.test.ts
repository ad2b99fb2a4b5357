import { expect } from 'chai';
import supertest from 'supertest';
import type { Browser, Page } from 'playwright-core';
import { PortfolioMedium } from '../../src/model/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE_CONTEXT, serve } from '../support/browser.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { phonePhoto, postEntryForm } from '../portfolio/support.js';

/*
 * Two separated parents decide on their child's image rights from their phones. While they
 * disagree, the class-moment photo stays within the family; once both agree, the class sees it.
 */
describe('browser: two parents disagree on image rights, the photo stays within the family until both agree', function () {
  this.timeout(90_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let testApp: TestApp;

  before(async () => {
    testApp = createTestApp();
    testApp.clock.set('2026-11-20T09:00:00.000Z');
    browser = await launchBrowser();
    server = await serve(testApp.app);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function phoneAs(personId: string): Promise<Page> {
    const context = await browser.newContext(PHONE_CONTEXT);
    const { cookie } = await testApp.signIn(personId);
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    return context.newPage();
  }

  /** A parent opens the child's page and chooses a scope for class moments. */
  async function choose(page: Page, childId: string, scopeLabel: string): Promise<void> {
    testApp.clock.advanceMinutes(1);
    await page.goto(`${server.url}/pupils/${childId}`);
    await page.getByText('Modifier l’autorisation').click();
    await page.getByLabel('Utilisation').selectOption('classMoments');
    await page.getByLabel(scopeLabel).check();
    await page.getByRole('button', { name: 'Enregistrer l’autorisation' }).click();
    await page.waitForURL(/saved=1/);
  }

  it('shows the parents the most restrictive choice while they disagree, and the other families see the photo only once they agree', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    const teacher = await school.teacher([klass]);
    const lea = await school.pupil(klass);
    const mother = await school.guardian([lea]);
    const father = await school.guardian([lea]);
    const tom = await school.pupil(klass);
    const tomParent = await school.guardian([tom]);
    const request = supertest(testApp.app);
    const posted = await postEntryForm(
      request,
      klass.id,
      await testApp.signIn(teacher.id),
      { audience: 'class', momentKind: 'outing', title: 'Au musée', peopleReviewed: 'yes', appearing: [lea.id], when: 'now' },
      [{ name: 'musee.jpg', content: await phonePhoto() }],
    );
    expect(posted.status, posted.text).to.equal(303);
    const [medium] = await testDataSource().getRepository(PortfolioMedium).findBy({ entryId: posted.headers.location!.split('/').at(-1)! });
    const tomPage = await phoneAs(tomParent.id);
    const tomFamilySeesPhoto = async (): Promise<boolean> => {
      await tomPage.goto(`${server.url}/children/${tom.id}/portfolio`);
      expect(await tomPage.getByText('Au musée').count()).to.be.greaterThan(0);
      return (await tomPage.locator(`img[src*="${medium!.id}"]`).count()) > 0;
    };

    const motherPage = await phoneAs(mother.id);
    const fatherPage = await phoneAs(father.id);
    await choose(motherPage, lea.id, 'Familles de la classe');
    await choose(fatherPage, lea.id, 'Sa famille seulement');
    const classMoments = fatherPage.locator('[data-purpose="classMoments"]');
    expect(await classMoments.locator('.badge').textContent()).to.equal('Sa famille seulement');
    expect(await classMoments.getByRole('note').textContent()).to.contain('le plus protecteur s’applique');
    expect(await fitsWidth(fatherPage)).to.equal(true);
    expect(await accessibilityViolations(fatherPage)).to.deep.equal([]);
    expect(await tomFamilySeesPhoto()).to.equal(false);

    await choose(fatherPage, lea.id, 'Familles de la classe');
    expect(await fatherPage.locator('[data-purpose="classMoments"] .badge').textContent()).to.equal('Familles de la classe');
    expect(await fatherPage.locator('[data-purpose="classMoments"]').getByRole('note').count()).to.equal(0);
    expect(await tomFamilySeesPhoto()).to.equal(true);

    // Arabic, right to left: the same page, no violation.
    await motherPage.goto(`${server.url}/pupils/${lea.id}?lang=ar`);
    expect(await motherPage.locator('html').getAttribute('dir')).to.equal('rtl');
    expect(await accessibilityViolations(motherPage)).to.deep.equal([]);

    // "My data", where either parent takes everything away, in French and in Arabic.
    for (const lang of ['fr', 'ar']) {
      await motherPage.goto(`${server.url}/me/data?lang=${lang}`);
      expect(await motherPage.locator('a[href$="/me/data.zip"]').count()).to.equal(1);
      expect(await fitsWidth(motherPage)).to.equal(true);
      expect(await accessibilityViolations(motherPage)).to.deep.equal([]);
    }
  });

  it('shows the head of school the register of data requests on a phone, in French and Arabic', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    const child = await school.pupil(klass);
    const parent = await school.guardian([child]);
    const director = await school.director();
    const session = await testApp.signIn(director.id);
    const recorded = await supertest(testApp.app)
      .post(`/api/v1/schools/${school.id}/data-requests`)
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrfToken)
      .send({ requesterId: parent.id, subjectId: child.id, kind: 'rectification', details: 'Corriger le nom de famille.' });
    expect(recorded.status, recorded.text).to.equal(201);
    const page = await phoneAs(director.id);
    for (const lang of ['fr', 'ar']) {
      await page.goto(`${server.url}/schools/${school.id}/data-requests?lang=${lang}`);
      expect(await page.getByText('Corriger le nom de famille.').count()).to.equal(1);
      expect(await fitsWidth(page)).to.equal(true);
      expect(await accessibilityViolations(page)).to.deep.equal([]);
    }
  });
});
