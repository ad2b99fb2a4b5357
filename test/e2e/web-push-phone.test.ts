import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import webpush from 'web-push';
import { createTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, PHONE_CONTEXT, serve } from '../support/browser.js';
import { testConfig } from '../support/config.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

/*
 * A parent turns on notifications on her phone from the preferences page, and the service worker
 * shows what the server pushes. Chromium here reaches no push service (no network), so the
 * browser's own `subscribe()` is stood in for by a fixed subscription in the first case; the
 * second case pushes through the DevTools protocol, straight to the registered worker.
 */
describe('browser: notifications on a phone (Web Push)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let testApp: TestApp;
  let parentId: string;

  before(async () => {
    const vapid = webpush.generateVAPIDKeys();
    const config = testConfig();
    testApp = createTestApp({ config: { ...config, messaging: { ...config.messaging, vapid: { ...vapid, subject: 'mailto:ecole@example.org' } } } });
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    parentId = (await school.guardian([await school.pupil(klass)])).id;
    browser = await launchBrowser();
    server = await serve(testApp.app);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function preferencesPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(PHONE_CONTEXT);
    await context.grantPermissions(['notifications'], { origin: server.url });
    const { cookie } = await testApp.signIn(parentId);
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/messages/preferences`);
    return { context, page };
  }

  it('registers the worker and gives the server this phone’s subscription', async () => {
    const { context, page } = await preferencesPage();
    // What a push service would hand the browser: an HTTPS endpoint and the two keys.
    const endpoint = `https://push.example.test/send/${Date.now()}`;
    const keys = { p256dh: `B${'a'.repeat(86)}`, auth: 'abcdefghijklmnopqrstuv' };
    // A string, not a function: the test's compiler would add helpers the page does not have.
    await page.evaluate(`
      PushManager.prototype.getSubscription = async () => null;
      PushManager.prototype.subscribe = async () => ({ toJSON: () => (${JSON.stringify({ endpoint, keys })}) });
    `);
    await page.getByRole('button', { name: 'Activer les notifications ici' }).click();
    expect(await statusOf(page)).to.equal('C’est fait : cet appareil recevra les notifications.');
    const rows = (await testDataSource().query('SELECT endpoint, p256dh, auth FROM push_subscription WHERE personId = ?', [parentId])) as { endpoint: string }[];
    expect(rows).to.deep.equal([{ endpoint, ...keys }]);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope);
    expect(scope).to.equal(`${server.url}/`);
    await context.close();
  });

  it('says so when the browser reaches no push service, and saves nothing', async () => {
    const before = await testDataSource().query('SELECT COUNT(*) AS n FROM push_subscription WHERE personId = ?', [parentId]);
    const { context, page } = await preferencesPage();
    await page.getByRole('button', { name: 'Activer les notifications ici' }).click();
    expect(await statusOf(page)).to.equal('Ce navigateur ne peut pas recevoir de notifications. Vous recevrez les messages par e-mail.');
    expect(await testDataSource().query('SELECT COUNT(*) AS n FROM push_subscription WHERE personId = ?', [parentId])).to.deep.equal(before);
    await context.close();
  });

  it('shows what the server pushes, as the worker receives it', async () => {
    const { context, page } = await preferencesPage();
    await page.evaluate(async () => {
      await navigator.serviceWorker.register('/push-worker.js', { scope: '/' });
      await navigator.serviceWorker.ready;
    });
    const cdp = await context.newCDPSession(page);
    const registrationId = await new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }: { registrations: { registrationId: string; scopeURL: string }[] }) => {
        const found = registrations.find((registration) => registration.scopeURL === `${server.url}/`);
        if (found) resolve(found.registrationId);
      });
      void cdp.send('ServiceWorker.enable');
    });
    // The payload src/notify/channels/web-push.ts sends.
    const payload = { id: 'job-1', title: 'Sortie au musée', body: 'Autorisation à signer avant vendredi', url: `${server.url}/messages/m-1` };
    const shownNow = () =>
      page.evaluate(async () => (await (await navigator.serviceWorker.getRegistration())!.getNotifications()).map((notification) => [notification.title, notification.body, notification.tag]));
    // DevTools may hand a push to a worker that Chromium is just stopping or starting, and drop it:
    // delivered again after a while, as a push service retries. The tag keeps one notification.
    let shown: string[][] = [];
    for (let attempt = 0; attempt < 3 && shown.length === 0; attempt += 1) {
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: server.url, registrationId, data: JSON.stringify(payload) });
      shown = await waitFor(shownNow);
    }
    expect(shown).to.deep.equal([['Sortie au musée', 'Autorisation à signer avant vendredi', 'job-1']]);
    await context.close();
  });
});

/** The status line under the button, once the script has said something. */
async function statusOf(page: Page): Promise<string> {
  await page.waitForFunction(() => (document.getElementById('push-status')?.textContent ?? '') !== '', undefined, { timeout: 15_000 });
  return (await page.locator('#push-status').textContent()) ?? '';
}

/** Polls until `read` gives a non-empty list (a notification is shown asynchronously), or 4 s pass. */
async function waitFor<T>(read: () => Promise<T[]>): Promise<T[]> {
  const deadline = Date.now() + 4_000;
  for (;;) {
    const value = await read();
    if (value.length > 0 || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
