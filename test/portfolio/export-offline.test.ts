import { expect } from 'chai';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import supertest from 'supertest';
import type { Person } from '../../src/model/index.js';
import { pdfBytes } from '../media/fixtures.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE } from '../support/browser.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { downloadArchive, exportTestApp, seedEntry, unzip } from './export-support.js';
import { phonePhoto } from './support.js';

/*
 * The archive opened from disk, as a family would after unzipping it: real Chromium, no server,
 * a phone's width.
 */
describe('browser: the exported portfolio works offline', function () {
  this.timeout(60_000);
  let browser: Browser;
  let folder: string;

  before(async () => {
    const testApp = exportTestApp();
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    const teacher = await school.teacher([klass]);
    const lea: Person = await school.pupil(klass, { givenName: 'Léa', familyName: 'Martin' });
    const guardian = await school.guardian([lea]);
    await school.consent(lea, 'class', teacher);
    await seedEntry(testApp.context, school, {
      klass,
      author: teacher,
      about: [lea],
      title: 'Une très longue journée au jardin pédagogique avec les grandes sections et leurs correspondants',
      comment: 'Léa a planté des radis.\nElle a arrosé les tomates.',
      publishAt: new Date('2026-05-02T08:00:00Z'),
      media: [{ bytes: await phonePhoto(1600, 1200), appearing: [lea] }, { bytes: pdfBytes() }],
    });
    const download = await downloadArchive(supertest(testApp.app), lea.id, await testApp.signIn(guardian.id));
    if (download.status !== 200) throw new Error(`download: ${download.status} ${String(download.body)}`);
    folder = await mkdtemp(path.join(tmpdir(), 'ecarnet-offline-'));
    for (const [name, bytes] of await unzip(download.body as Buffer)) {
      await mkdir(path.dirname(path.join(folder, name)), { recursive: true });
      await writeFile(path.join(folder, name), bytes);
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('shows the photos from the media folder, at 360 px, accessibly, with no request to anything else', async () => {
    const context = await browser.newContext({ viewport: PHONE, isMobile: true, offline: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('requestfailed', (failed) => problems.push(`failed: ${failed.url()}`));
    await page.goto(pathToFileURL(path.join(folder, 'index.html')).href);
    await page.waitForLoadState('load');
    await page.locator('img').first().scrollIntoViewIfNeeded();
    await page.waitForFunction(() => Array.from(document.images).every((image) => image.complete));
    const widths = await page.evaluate(() => Array.from(document.images).map((image) => image.naturalWidth));
    expect(widths).to.deep.equal([1600]);
    expect(await page.getAttribute('html', 'lang')).to.equal('fr');
    expect(await page.getAttribute('html', 'dir')).to.equal('ltr');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal('Carnet de Léa Martin');
    expect(await fitsWidth(page)).to.equal(true);
    expect(problems).to.deep.equal([]);
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    await context.close();
  });
});
