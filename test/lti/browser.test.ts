import { expect } from 'chai';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE_CONTEXT } from '../support/browser.js';
import { TestClock } from '../support/clock.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { LtiPlatformSimulator, ROLE } from '../support/lti-platform.js';
import { frameAccessibilityViolations } from './support/frame-accessibility.js';
import { registerPlatform, startTool, type RunningTool } from './support/tool.js';

/*
 * The "done when", in Chromium: e-carnet is registered with a simulated ENT through
 * dynamic registration, launched inside the ENT's iframe as a teacher (the roster syncs), a
 * child's portfolio is placed through deep linking, then a parent launches it and sees only their
 * child. The ENT runs on 127.0.0.1, e-carnet on localhost: two sites, e-carnet is a third party
 * in the frame, as in production.
 */
describe('browser: e-carnet inside an ENT (LTI 1.3)', function () {
  this.timeout(90_000);
  let browser: Browser;
  let clock: TestClock;

  before(async () => {
    browser = await launchBrowser();
    clock = new TestClock();
  });
  after(async () => {
    await browser?.close();
  });

  /** The tool in the ENT page's iframe, once it shows a page matching `url`. */
  async function toolFrame(page: Page, url: RegExp): Promise<Frame> {
    const frame = page.frame({ name: 'tool' });
    if (!frame) throw new Error('no tool frame');
    await frame.waitForURL(url);
    return frame;
  }

  /** The platform's server reached under another name: another origin than its registration's. */
  function foreignOrigin(platform: LtiPlatformSimulator): string {
    return platform.url.replace('127.0.0.1', 'localhost');
  }

  function populate(platform: LtiPlatformSimulator): void {
    platform.addUser({ sub: 'ent-teacher', givenName: 'Claire', familyName: 'Vasseur', roles: [ROLE.instructor] });
    platform.addUser({ sub: 'ent-pupil-1', givenName: 'Léa', familyName: 'Martin', roles: [ROLE.learner] });
    platform.addUser({ sub: 'ent-pupil-2', givenName: 'Hugo', familyName: 'Bernard', roles: [ROLE.learner] });
    platform.addUser({ sub: 'ent-pupil-3', givenName: 'Chloé', familyName: 'Petit', roles: [ROLE.learner] });
    platform.addUser({ sub: 'ent-parent', givenName: 'Sophie', familyName: 'Martin', roles: [ROLE.mentor], mentees: ['ent-pupil-1'] });
    platform.addContext({ id: 'cm1-castors', title: 'CM1 — Les Castors', members: ['ent-teacher', 'ent-pupil-1', 'ent-pupil-2', 'ent-pupil-3'] });
  }

  describe('with cookies the frame may keep (HTTPS: Secure, SameSite=None, Partitioned)', () => {
    let platform: LtiPlatformSimulator;
    let tool: RunningTool;
    let context: BrowserContext;

    before(async () => {
      platform = await LtiPlatformSimulator.start({ clock });
      // e-carnet on localhost, a secure context for Chromium: its HTTPS cookie policy applies.
      tool = await startTool({
        clock,
        host: 'localhost',
        // No ECARNET_FRAME_ANCESTORS for the ENT: registering it is what lets it frame e-carnet.
        adjust: (config) => ({ ...config, session: { ...config.session, crossSiteCookies: true } }),
      });
      populate(platform);
      context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'fr-FR' });
    });
    after(async () => {
      await context?.close();
      await tool?.close();
      await platform?.close();
    });

    it('registers, launches as a teacher, places a child’s portfolio, and the parent sees only their child', async () => {
      const school = await SchoolFactory.create(testDataSource(), { name: 'École du Parc' });
      const director = await tool.signIn((await school.director()).id);

      // The head of school creates a registration link in e-carnet.
      const desk = await context.newPage();
      await context.addCookies([{ name: 'ecarnet_session', value: director.cookie.split('=')[1]!, url: tool.url }]);
      await desk.goto(`${tool.url}/lti/registrations`);
      await desk.getByRole('button', { name: 'Créer un lien d’inscription' }).click();
      const link = await desk.getByLabel('Lien d’inscription', { exact: true }).inputValue();
      expect(link).to.match(/\/lti\/register\?invite=/);
      expect(await accessibilityViolations(desk)).to.deep.equal([]);
      await context.clearCookies();

      // The ENT administrator registers e-carnet with it, inside the ENT.
      const ent = await context.newPage();
      await ent.goto(`${platform.url}/admin/register?url=${encodeURIComponent(link)}`);
      const registration = ent.frameLocator('#tool');
      await registration.getByText('École du Parc').first().waitFor();
      await registration.getByRole('button', { name: 'Relier' }).click();
      await ent.locator('#status', { hasText: 'Outil inscrit' }).waitFor();
      expect(platform.counts.registration).to.equal(1);

      // A teacher opens e-carnet from the course: in the class, with the ENT's roster.
      await ent.goto(`${platform.url}/course/cm1-castors?user=ent-teacher`);
      const teacherFrame = await toolFrame(ent, /\/classes\/[0-9a-f-]{36}$/);
      expect(await teacherFrame.locator('h1').textContent()).to.equal('CM1 — Les Castors');
      // The launch waits 3 s at most for the roster; on a loaded machine the sync ends just after, as a reload shows.
      let pupils = await teacherFrame.locator('tbody th').allTextContents();
      for (let tries = 0; pupils.length === 0 && tries < 10; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await teacherFrame.goto(teacherFrame.url());
        pupils = await teacherFrame.locator('tbody th').allTextContents();
      }
      expect(pupils.map((name) => name.trim())).to.deep.equal(['Bernard Hugo', 'Martin Léa', 'Petit Chloé']);
      expect(await teacherFrame.locator('.signed-in-as').textContent()).to.equal('Claire Vasseur');

      // Deep linking: the teacher places Léa's portfolio in the course.
      await ent.goto(`${platform.url}/course/cm1-castors?user=ent-teacher&message=deepLink`);
      const picker = await toolFrame(ent, /\/lti\/launch$/);
      await picker.getByRole('radio', { name: 'Léa Martin' }).check();
      expect(await frameAccessibilityViolations(picker)).to.deep.equal([]);
      await picker.getByRole('button', { name: 'Ajouter' }).click();
      await toolFrame(ent, /\/deep-link-return$/);
      const placedFrame = ent.frame({ name: 'tool' })!;
      expect(await placedFrame.locator('#placed li').allTextContents()).to.deep.equal(['Carnet de Léa Martin']);
      const placed = platform.placed.at(-1)!;
      expect(placed.url).to.match(new RegExp(`^${tool.url}/pupils/[0-9a-f-]{36}$`));

      // The parent opens the placed link: Léa's page, and at home only Léa.
      const family = await browser.newContext(PHONE_CONTEXT);
      try {
        const parentPage = await family.newPage();
        await parentPage.goto(`${platform.url}/course/cm1-castors?user=ent-parent&link=${placed.id}`);
        const child = await toolFrame(parentPage, /\/pupils\/[0-9a-f-]{36}$/);
        expect(await child.locator('h1').textContent()).to.equal('Léa Martin');
        await child.goto(`${tool.url}/home`);
        expect(await child.locator('.card.child h3').allTextContents()).to.deep.equal(['Léa Martin']);
        expect(await child.locator('main').textContent()).not.to.include('Hugo').and.not.to.include('Chloé');
        expect(await frameAccessibilityViolations(child)).to.deep.equal([]);
      } finally {
        await family.close();
      }
    });
  });

  describe('a class space placed in the course, opened by everyone of the course', () => {
    let platform: LtiPlatformSimulator;
    let tool: RunningTool;

    before(async () => {
      platform = await LtiPlatformSimulator.start({ clock });
      tool = await startTool({ clock, host: 'localhost', adjust: (config) => ({ ...config, session: { ...config.session, crossSiteCookies: true } }) });
      platform.useTool(tool.url);
      const school = await SchoolFactory.create(testDataSource());
      await registerPlatform(platform, school.id, clock.now());
      populate(platform);
    });
    after(async () => {
      await tool?.close();
      await platform?.close();
    });

    it('the teacher lands on the class, a pupil on their own portfolio: pages each may open, with no accessibility violation', async () => {
      const teacher = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'fr-FR' });
      const pupil = await browser.newContext(PHONE_CONTEXT);
      try {
        // The teacher places "Espace de la classe" through deep linking.
        const ent = await teacher.newPage();
        await ent.goto(`${platform.url}/course/cm1-castors?user=ent-teacher&message=deepLink`);
        const picker = await toolFrame(ent, /\/lti\/launch$/);
        await picker.getByRole('radio', { name: 'Espace de la classe — CM1 — Les Castors' }).check();
        await picker.getByRole('button', { name: 'Ajouter' }).click();
        await toolFrame(ent, /\/deep-link-return$/);
        const placed = platform.placed.at(-1)!;
        expect(placed.custom.resource_kind).to.equal('classSpace');

        // The teacher opens it: the class.
        await ent.goto(`${platform.url}/course/cm1-castors?user=ent-teacher&link=${placed.id}`);
        const classFrame = await toolFrame(ent, /\/classes\/[0-9a-f-]{36}$/);
        expect(await classFrame.locator('h1').textContent()).to.equal('CM1 — Les Castors');
        expect(await frameAccessibilityViolations(classFrame)).to.deep.equal([]);

        // A pupil opens the same activity: their own portfolio, not the teachers' class list.
        const pupilPage = await pupil.newPage();
        await pupilPage.goto(`${platform.url}/course/cm1-castors?user=ent-pupil-2&link=${placed.id}`);
        const own = await toolFrame(pupilPage, /\/children\/[0-9a-f-]{36}\/portfolio$/);
        expect(await own.locator('h1').textContent()).to.include('Hugo');
        expect(await own.locator('main').textContent()).not.to.include('Cette page n’existe pas');
        expect(await frameAccessibilityViolations(own)).to.deep.equal([]);
      } finally {
        await teacher.close();
        await pupil.close();
      }
    });
  });

  describe('with cookies refused in the frame (plain HTTP across sites): platform storage, then a new window', () => {
    let platform: LtiPlatformSimulator;
    let tool: RunningTool;
    let context: BrowserContext;

    before(async () => {
      platform = await LtiPlatformSimulator.start({ clock });
      // The ENT's own origin is not listed (registering it is what lets it frame e-carnet); the
      // same server under another name is, for the foreign-capabilities case below.
      tool = await startTool({ clock, host: 'localhost', adjust: (config) => ({ ...config, frameAncestors: ["'self'", foreignOrigin(platform)] }) });
      platform.useTool(tool.url);
      const school = await SchoolFactory.create(testDataSource());
      await registerPlatform(platform, school.id, clock.now());
      populate(platform);
      context = await browser.newContext(PHONE_CONTEXT);
    });
    after(async () => {
      await context?.close();
      await tool?.close();
      await platform?.close();
    });

    it('checks the state through the ENT’s storage, then continues the signed-in session in a new window', async () => {
      const ent = await context.newPage();
      await ent.goto(`${platform.url}/course/cm1-castors?user=ent-teacher&storage=1`);
      const frame = ent.frame({ name: 'tool' })!;
      const continueLink = frame.getByRole('link', { name: 'Ouvrir e-carnet' });
      await continueLink.waitFor();
      expect(await frameAccessibilityViolations(frame)).to.deep.equal([]);
      const [popup] = await Promise.all([context.waitForEvent('page'), continueLink.click()]);
      await popup.waitForURL(/\/classes\/[0-9a-f-]{36}$/);
      expect(await popup.locator('h1').textContent()).to.equal('CM1 — Les Castors');
      expect(await fitsWidth(popup)).to.equal(true);
    });

    it('believes storage capabilities only from the platform’s own origin', async () => {
      const page = await context.newPage();
      // The same platform server reached under another name: another origin than its registration's.
      await page.goto(`${foreignOrigin(platform)}/foreign-course/cm1-castors?user=ent-pupil-1`);
      await page.waitForSelector('iframe[name="tool"]', { state: 'attached' });
      // The login page asked for capabilities, put its secret somewhere, then went on to the platform.
      await page.waitForRequest((sent) => sent.url().startsWith(`${platform.url}/auth?`));
      await page.waitForTimeout(500);
      expect(platform.counts.sneaky, 'the secret never went to the frame the foreign answer named').to.equal(0);
    });

    it('without platform storage, says e-carnet must be served over https (no new window could help over http)', async () => {
      const ent = await context.newPage();
      await ent.goto(`${platform.url}/course/cm1-castors?user=ent-pupil-2`);
      const frame = ent.frame({ name: 'tool' })!;
      await frame.locator('.error-code').waitFor();
      expect(await frame.locator('.error-code').textContent()).to.include('LTI_HTTPS_REQUIRED');
      expect(await frame.locator('[role="alert"]').textContent()).to.include('https quand l’ENT est sur un autre site');
      expect(await frameAccessibilityViolations(frame)).to.deep.equal([]);
    });
  });
});
