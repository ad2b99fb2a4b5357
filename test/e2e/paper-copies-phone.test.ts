/// <reference lib="dom" />
import fs from 'node:fs';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import supertest from 'supertest';
import { sendResponse } from '../../src/messaging/api-schemas.js';
import { TranslationUnavailable, type TranslationProvider } from '../../src/translate/provider.js';
import { createMessagingFixture } from './paper-fixture.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE, serve } from '../support/browser.js';
import { readSheets } from '../sharing/pdf-codes.js';

const BODY = 'Nous irons au musée jeudi. Autorisez-vous votre enfant à venir ?';
const ARABIC = new Map([
  [BODY, 'سنذهب إلى المتحف يوم الخميس. هل تأذنون لطفلكم بالمجيء؟'],
  ['Sortie au musée', 'رحلة إلى المتحف'],
]);

/** Knows this message in Arabic; fails otherwise, as a provider without the pair would. */
class ArabicOnly implements TranslationProvider {
  readonly id = `arabic-only-e2e-${Date.now()}`;
  async translate(text: string, _from: string, to: string): Promise<string> {
    const translated = to === 'ar' ? ARABIC.get(text) : undefined;
    if (translated === undefined) throw new TranslationUnavailable('no such pair');
    return translated;
  }
}

/*
 * A teacher, on a 360 px phone, prints the paper copies of an authorisation for the families who
 * have not read it, a mother scans her copy's code and reads it in Arabic, and the teacher records
 * the father's "yes" brought back on paper; every page passes axe in French and in Arabic.
 */
describe('browser: paper copies of an authorisation, printed, scanned and answered on paper', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let world: Awaited<ReturnType<typeof createMessagingFixture>>;
  let messageId: string;

  before(async () => {
    world = await createMessagingFixture(new ArabicOnly());
    const { sessions, school } = world;
    sessions.testApp.clock.set('2026-12-07T08:00:00.000Z');
    const teacher = await sessions.of(school.teacherA);
    const sent = await supertest(sessions.testApp.app)
      .post('/api/v1/messages')
      .set('Cookie', teacher.cookie)
      .set('X-CSRF-Token', teacher.csrfToken)
      .send({ to: { audience: 'family', pupilId: school.leo.id }, kind: 'request', requestKind: 'authorisation', subject: 'Sortie au musée', body: BODY });
    expect(sent.status).to.equal(201);
    messageId = sendResponse.parse(sent.body).messages[0]!.id;
    // A day later, nobody has read it.
    sessions.testApp.clock.set('2026-12-08T09:00:00.000Z');
    browser = await launchBrowser();
    server = await serve(sessions.testApp.app);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function phoneOf(personId: string | null, language = 'fr'): Promise<Page> {
    const context = await browser.newContext({ viewport: PHONE, locale: 'fr-FR', hasTouch: true, acceptDownloads: true });
    if (personId) {
      const { cookie } = await world.sessions.testApp.signIn(personId);
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: server.url }, { name: 'ecarnet_lang', value: language, url: server.url }]);
    }
    return context.newPage();
  }

  async function expectAccessible(page: Page): Promise<void> {
    expect(await accessibilityViolations(page)).to.deep.equal([]);
    expect(await fitsWidth(page)).to.equal(true);
  }

  it('prints the copies, which a guardian scans to read the message in her language; the paper "yes" shows in the receipts', async () => {
    const { school } = world;
    const teacherPage = await phoneOf(school.teacherA.id);
    await teacherPage.goto(`${server.url}/messages/${messageId}/receipts`);
    await expectAccessible(teacherPage);
    await teacherPage.getByRole('link', { name: 'Imprimer les copies papier et noter les réponses rendues' }).click();
    await teacherPage.getByLabel('Imprimer aussi pour qui ne l’a pas lu après (heures)').fill('12');
    await teacherPage.getByRole('button', { name: 'Mettre à jour la liste' }).click();
    await expectAccessible(teacherPage);
    const [download] = await Promise.all([teacherPage.waitForEvent('download'), teacherPage.getByRole('button', { name: 'Imprimer les copies (PDF)' }).click()]);
    const pages = await readSheets(fs.readFileSync((await download.path())!));
    const motherPage = pages.find((page) => page.text.includes(`Pour ${school.mother.givenName} ${school.mother.familyName}`))!;
    expect(motherPage.text).to.include('Nous irons au musée jeudi.');
    expect(motherPage.text).to.include('سنذهب إلى المتحف');
    for (const guardian of [school.mother, school.father]) expect(motherPage.text).to.include(`${guardian.givenName} ${guardian.familyName} — signature :`);
    expect(motherPage.codes).to.have.length(1);

    // The mother scans her copy: the message opens in Arabic, with its answer buttons.
    const motherPhone = await phoneOf(null);
    await motherPhone.goto(`${server.url}${new URL(motherPage.codes[0]!).pathname}`);
    expect(await motherPhone.locator('html').getAttribute('lang')).to.equal('ar');
    expect(await motherPhone.locator('.body').innerText()).to.equal(ARABIC.get(BODY));
    await expectAccessible(motherPhone);

    // The father brought the slip back with "Oui" ticked.
    await teacherPage.goto(`${server.url}/messages/${messageId}/paper?hours=12`);
    await teacherPage
      .getByRole('group', { name: `Réponse rendue sur papier par ${school.father.givenName} ${school.father.familyName}` })
      .getByRole('button', { name: 'Oui' })
      .click();
    expect(await teacherPage.getByRole('status').innerText()).to.equal('La réponse est enregistrée.');
    await teacherPage.goto(`${server.url}/messages/${messageId}/receipts`);
    expect(await teacherPage.locator('body').innerText()).to.include(`réponse sur papier, notée par ${school.teacherA.givenName} ${school.teacherA.familyName}`);
    await expectAccessible(teacherPage);
  });

  it('keeps the paper pages accessible in Arabic, right to left', async () => {
    const { school } = world;
    const teacherPage = await phoneOf(school.teacherA.id, 'ar');
    await teacherPage.goto(`${server.url}/messages/${messageId}/paper`);
    expect(await teacherPage.locator('html').getAttribute('dir')).to.equal('rtl');
    await expectAccessible(teacherPage);
    const parentPage = await phoneOf(school.mother.id, 'ar');
    await parentPage.goto(`${server.url}/paper-channel`);
    await expectAccessible(parentPage);
    await parentPage.goto(`${server.url}/children/${school.leo.id}/booklet`);
    await expectAccessible(parentPage);
  });
});
