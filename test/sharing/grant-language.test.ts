import { expect } from 'chai';
import { AuditEvent, ShareGrant } from '../../src/model/index.js';
import { createTestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { printClassSheets, shareCookieOf, sharedClass, sharePath } from './support.js';

/* The language of the pages a code opens is the family's to set; the next page follows it. */
describe('sharing: the language a QR code or link opens in', function () {
  this.timeout(30_000);

  it('lets the guardian set her child’s code to Arabic: the scanned page is then in Arabic; another family may not', async () => {
    const test = createTestApp();
    const world = await sharedClass(test, await SchoolFactory.create(testDataSource()));
    const sheets = await printClassSheets(world.request, world.families.klass.id, world.teacher);
    const code = sheets.find((sheet) => sheet.text.includes(`Le carnet de ${world.lea.givenName}`))!.codes[0]!;
    const grant = await testDataSource().getRepository(ShareGrant).findOneByOrFail({ pupilId: world.lea.id, kind: 'qr' });
    const viewer = shareCookieOf(await world.request.get(sharePath(code)));
    const before = await world.request.get('/shared').set('Cookie', viewer).set('Accept-Language', 'fr-FR');
    expect(before.text).to.include('<html lang="fr" dir="ltr">');

    const mother = await test.signIn(world.families.guardians[0]!.id);
    const page = await world.request.get(`/children/${world.lea.id}/sharing`).set('Cookie', mother.cookie);
    expect(page.text).to.include(`action="/sharing/grants/${grant.id}/language"`);
    const changed = await world.request.post(`/sharing/grants/${grant.id}/language`).set('Cookie', mother.cookie).type('form').send({ _csrf: mother.csrfToken, language: 'ar' });
    expect(changed.status, changed.text).to.equal(303);
    const after = await world.request.get('/shared').set('Cookie', viewer).set('Accept-Language', 'fr-FR');
    expect(after.text).to.include('<html lang="ar" dir="rtl">');
    // A browser that chose its language keeps it.
    expect((await world.request.get('/shared?lang=es').set('Cookie', viewer)).text).to.include('<html lang="es" dir="ltr">');
    const audit = await testDataSource().getRepository(AuditEvent).findOneByOrFail({ subjectId: grant.id, action: 'sharing.languageChanged' });
    expect(audit.actorId).to.equal(world.families.guardians[0]!.id);

    const otherFamily = await test.signIn(world.families.guardians[1]!.id);
    const refused = await world.request
      .post(`/sharing/grants/${grant.id}/language`)
      .set('Cookie', otherFamily.cookie)
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: otherFamily.csrfToken, language: 'es' });
    expect(refused.status).to.equal(404);
    const unknown = await world.request.post(`/sharing/grants/${grant.id}/language`).set('Cookie', mother.cookie).set('Accept', 'application/json').type('form').send({ _csrf: mother.csrfToken, language: 'xx' });
    expect(unknown.status).to.equal(400);
    expect((await testDataSource().getRepository(ShareGrant).findOneByOrFail({ id: grant.id })).language).to.equal('ar');
  });
});
