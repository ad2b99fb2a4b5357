import { expect } from 'chai';
import { defaultSchoolSettings } from '../../src/model/school-settings.js';
import { ShareGrant } from '../../src/model/index.js';
import type { QrValidity } from '../../src/model/qr-validity.js';
import { childSharingResponse, classSharingResponse, issuedCodesResponse } from '../../src/sharing/api-schemas.js';
import { hashShareToken } from '../../src/sharing/share-token.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { printClassSheets, shareCookieOf, sharedClass, sharePath } from './support.js';

/** A school whose settings JSON is exactly `settings`, with a class of two families. */
async function schoolWith(test: TestApp, settings: unknown) {
  const school = await SchoolFactory.create(testDataSource(), { settingsJson: JSON.stringify(settings) });
  return sharedClass(test, school);
}

const settingsWith = (qrValidity: QrValidity) => {
  const settings = defaultSchoolSettings();
  return { ...settings, sharing: { ...settings.sharing, qrValidity } };
};

/** The line under "valid until" on a printed sheet (its French part). */
function validUntilLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const label = lines.indexOf('Ce code est valable jusqu’au :');
  expect(label, text).to.be.greaterThan(-1);
  return lines[label + 1]!;
}

/** The expiries the teacher's class page shows beside each live QR code. */
function pageExpiries(html: string): string[] {
  return [...html.matchAll(/valable jusqu’au <time datetime="[^"]+">([^<]+)<\/time>/g)].map((match) => match[1]!);
}

describe('sharing: QR codes follow the school’s validity, from hours to months', () => {
  let test: TestApp;

  beforeEach(() => {
    test = createTestApp();
  });

  it('lets a 6-hour code in at 5 h 59 and refuses it at 6 h 01, open viewer sessions included', async () => {
    // 17:00 in Paris, for an evening at school.
    test.clock.set('2026-11-20T16:00:00.000Z');
    const world = await schoolWith(test, settingsWith({ amount: 6, unit: 'hours' }));
    const [sheet] = await printClassSheets(world.request, world.families.klass.id, world.teacher);
    const token = sharePath(sheet!.codes[0]!);

    test.clock.set('2026-11-20T21:59:00.000Z');
    const opened = await world.request.get(token);
    expect(opened.status).to.equal(303);
    const cookie = shareCookieOf(opened);
    expect((await world.request.get('/shared').set('Cookie', cookie)).status).to.equal(200);

    test.clock.set('2026-11-20T22:01:00.000Z');
    expect((await world.request.get('/shared').set('Cookie', cookie).set('Accept', 'application/json')).status).to.equal(404);
    const refused = await world.request.get(token).set('Accept', 'application/json');
    expect(refused.status).to.equal(404);
    expect((refused.body as { error: { code: string } }).error.code).to.equal('SHARE_LINK_INVALID');
  });

  it('prints and shows the expiry of a code under a day with its time, in the school’s zone', async () => {
    test.clock.set('2026-11-20T16:00:00.000Z');
    const world = await schoolWith(test, settingsWith({ amount: 6, unit: 'hours' }));
    const pages = await printClassSheets(world.request, world.families.klass.id, world.teacher);
    for (const page of pages) expect(validUntilLine(page.text)).to.equal('20 novembre 2026 à 23:00');

    const classPage = await world.request.get(`/classes/${world.families.klass.id}/sharing`).set('Cookie', world.teacher.cookie);
    expect(classPage.text).to.include('sans compte, pendant 6 heures.');
    expect(pageExpiries(classPage.text)).to.have.length(2);
    for (const expiry of pageExpiries(classPage.text)) expect(expiry).to.match(/^20 nov\. 2026.*23:00$/);

    const childPage = await world.request.get(`/children/${world.lea.id}/sharing`).set('Cookie', world.teacher.cookie);
    expect(childPage.text).to.match(/jusqu’au <time datetime="2026-11-20T22:00:00.000Z">20 nov\. 2026.*23:00<\/time>/);
  });

  it('prints and shows the date alone for a code of 90 days, the default', async () => {
    test.clock.set('2026-11-20T09:00:00.000Z');
    const world = await schoolWith(test, defaultSchoolSettings());
    const pages = await printClassSheets(world.request, world.families.klass.id, world.teacher);
    for (const page of pages) expect(validUntilLine(page.text)).to.equal('18 février 2027');

    const classPage = await world.request.get(`/classes/${world.families.klass.id}/sharing`).set('Cookie', world.teacher.cookie);
    expect(classPage.text).to.include('sans compte, pendant 90 jours.');
    expect(pageExpiries(classPage.text)).to.deep.equal(['18 févr. 2027', '18 févr. 2027']);
  });

  it('ends a 3-month code printed on 30 November on 28 February, at the same time in Paris', async () => {
    // 18:30 in Paris.
    test.clock.set('2026-11-30T17:30:00.000Z');
    const world = await schoolWith(test, settingsWith({ amount: 3, unit: 'months' }));
    const [sheet] = await printClassSheets(world.request, world.families.klass.id, world.teacher);
    expect(validUntilLine(sheet!.text)).to.equal('28 février 2027');
    const grant = await testDataSource().getRepository(ShareGrant).findOneByOrFail({ tokenHash: hashShareToken(sharePath(sheet!.codes[0]!).slice(3)) });
    expect(grant.expiresAt.toISOString()).to.equal('2027-02-28T17:30:00.000Z');

    const api = await world.request.get(`/api/v1/classes/${world.families.klass.id}/sharing`).set('Cookie', world.teacher.cookie);
    expect(classSharingResponse.parse(api.body).qrValidity).to.deep.equal({ amount: 3, unit: 'months' });
  });

  it('still issues 30-day codes for a school whose settings were saved with qrValidityDays: 30', async () => {
    test.clock.set('2026-11-20T09:00:00.000Z');
    // The settings JSON as the previous version stored it, with a choice of the school beside it.
    const { qrValidity: _new, ...sharing } = defaultSchoolSettings().sharing;
    const world = await schoolWith(test, { ...defaultSchoolSettings(), sharing: { ...sharing, qrValidityDays: 30, personalLinksAllowed: false } });

    const issued = await world.request
      .post(`/api/v1/classes/${world.families.klass.id}/qr-codes`)
      .set('Cookie', world.teacher.cookie)
      .set('x-csrf-token', world.teacher.csrfToken)
      .send({})
      .expect(200);
    for (const code of issuedCodesResponse.parse(issued.body).codes) expect(code.expiresAt).to.equal('2026-12-20T09:00:00.000Z');
    const klass = classSharingResponse.parse((await world.request.get(`/api/v1/classes/${world.families.klass.id}/sharing`).set('Cookie', world.teacher.cookie)).body);
    expect(klass.qrValidity).to.deep.equal({ amount: 30, unit: 'days' });

    // The school's other sharing choice was read too, not replaced by the defaults.
    const parent = await test.signIn(world.families.guardians[0]!.id);
    const child = childSharingResponse.parse((await world.request.get(`/api/v1/children/${world.lea.id}/sharing`).set('Cookie', parent.cookie)).body);
    expect(child.linksForbidden).to.equal(true);
  });
});
