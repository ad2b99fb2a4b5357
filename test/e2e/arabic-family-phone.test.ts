import { expect } from 'chai';
import request from 'supertest';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE_CONTEXT, serve } from '../support/browser.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { PhrasebookProvider } from '../support/phrasebook-provider.js';
import { printClassSheets, sharedClass, sharePath } from '../sharing/support.js';
import { measureAudio } from '../support/measure-audio.js';

const PHRASES = {
  'fr>ar': {
    'Léa lit une histoire': 'ليا تقرأ قصة',
    Bravo: 'أحسنت',
    'Sortie à la bibliothèque': 'رحلة إلى المكتبة',
    'Nous irons à la bibliothèque mardi.': 'سنذهب إلى المكتبة يوم الثلاثاء.',
  },
};

/** Clicks a page's "listen" button and waits for the reading to start or end; returns how it read. */
async function listen(page: Page, name: string): Promise<{ via: string | null; state: string | null }> {
  const button = page.getByRole('button', { name }).first();
  await button.click();
  await page.waitForFunction(() => ['playing', 'ended', 'failed'].includes(document.querySelector('button.listen[data-listen-state]')?.getAttribute('data-listen-state') ?? ''), undefined, { timeout: 20_000 });
  return { via: await button.getAttribute('data-listen-via'), state: await button.getAttribute('data-listen-state') };
}

/** The audio a listen button plays, fetched with the page's own cookies, measured with sox. */
async function audioOf(page: Page): Promise<{ seconds: number; rms: number }> {
  const { base64, type } = await page.evaluate(async () => {
    const url = document.querySelector('button.listen')!.getAttribute('data-listen-audio')!;
    const response = await fetch(url);
    const buffer = new Uint8Array(await response.arrayBuffer());
    let binary = '';
    for (const byte of buffer) binary += String.fromCharCode(byte);
    return { base64: btoa(binary), type: response.headers.get('content-type') ?? '' };
  });
  return measureAudio(Buffer.from(base64, 'base64'), type);
}

/*
 * An Arabic-reading mother on a French phone: her child's printed code opens Arabic pages with the
 * entries translated, and she listens to them in Chromium, which has no voices: the audio is the
 * server's. Signed in, her messages' subjects are in Arabic and she listens to one.
 */
describe('browser: an Arabic-reading family scans the code, reads in Arabic and listens', function () {
  this.timeout(90_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let testApp: TestApp;
  let world: Awaited<ReturnType<typeof sharedClass>>;

  before(async () => {
    testApp = createTestApp({ translationProvider: new PhrasebookProvider(PHRASES) });
    testApp.clock.set('2026-11-20T09:00:00.000Z');
    world = await sharedClass(testApp, await SchoolFactory.create(testDataSource()));
    // Her language is known to the school: the code issued for her child carries it.
    await testDataSource().query('UPDATE person SET preferredLanguage = ? WHERE id = ?', ['ar', world.families.guardians[0]!.id]);
    browser = await launchBrowser();
    server = await serve(testApp.app);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens the scanned code in Arabic, entries translated, the original one tap away, and reads an entry aloud with the server’s audio', async () => {
    const sheets = await printClassSheets(world.request, world.families.klass.id, world.teacher);
    const code = sheets.find((sheet) => sheet.text.includes(`Le carnet de ${world.lea.givenName}`))!.codes[0]!;
    const phone = await browser.newContext(PHONE_CONTEXT);
    const page = await phone.newPage();
    await page.goto(`${server.url}${sharePath(code)}`);
    expect(new URL(page.url()).pathname).to.equal('/shared');
    expect(await page.locator('html').getAttribute('lang')).to.equal('ar');
    expect(await page.locator('html').getAttribute('dir')).to.equal('rtl');
    expect(await page.locator('article h2').allTextContents()).to.deep.equal(['ليا تقرأ قصة']);
    expect(await page.locator('article .comment').textContent()).to.equal('أحسنت');
    expect(await page.locator('article h2').getAttribute('dir')).to.equal('auto');
    expect(await fitsWidth(page)).to.equal(true);
    expect(await accessibilityViolations(page)).to.deep.equal([]);

    expect(await page.evaluate(() => window.speechSynthesis.getVoices().length)).to.equal(0);
    expect(await listen(page, 'استماع')).to.deep.include({ via: 'server' }).and.not.deep.include({ state: 'failed' });
    const audio = await audioOf(page);
    expect(audio.seconds).to.be.within(0.5, 20);
    expect(audio.rms).to.be.above(0.01);

    await page.getByRole('link', { name: 'عرض النص الأصلي' }).click();
    expect(await page.locator('article h2').allTextContents()).to.deep.equal(['Léa lit une histoire']);
    expect(await page.locator('html').getAttribute('dir')).to.equal('rtl');
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    await phone.close();
  });

  it('shows her messages’ subjects in Arabic when she signs in, and reads a message aloud', async () => {
    const teacher = await testApp.signIn(world.families.teacher.id);
    const sent = await request(testApp.app)
      .post('/api/v1/messages')
      .set('Cookie', teacher.cookie)
      .set('X-CSRF-Token', teacher.csrfToken)
      .send({ to: { audience: 'family', pupilId: world.lea.id }, kind: 'information', subject: 'Sortie à la bibliothèque', body: 'Nous irons à la bibliothèque mardi.' });
    expect(sent.status, sent.text).to.equal(201);
    const context = await browser.newContext(PHONE_CONTEXT);
    const { cookie } = await testApp.signIn(world.families.guardians[0]!.id);
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/messages?lang=ar`);
    await page.getByRole('link', { name: 'رحلة إلى المكتبة' }).click();
    expect(await page.locator('.message-body').textContent()).to.equal('سنذهب إلى المكتبة يوم الثلاثاء.');
    expect(await page.locator('.message-body').getAttribute('dir')).to.equal('auto');
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    expect(await listen(page, 'استماع')).to.deep.include({ via: 'server' }).and.not.deep.include({ state: 'failed' });
    const audio = await audioOf(page);
    expect(audio.seconds).to.be.within(1, 20);
    expect(audio.rms).to.be.above(0.01);
    await context.close();
  });
});
