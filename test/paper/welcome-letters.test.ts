import { expect } from 'chai';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import supertest from 'supertest';
import { Person, ShareGrant } from '../../src/model/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { classWithFamilies } from '../portfolio/support.js';
import { asBytes, sharedClass, sharePath, printClassSheets } from '../sharing/support.js';

/** Each page's text, and how many vector paths it strokes or fills (the pictograms are paths). */
async function readLetters(pdf: Buffer): Promise<{ text: string; paths: number }[]> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    const operators = await page.getOperatorList();
    pages.push({
      text: content.items.map((item) => ('str' in item ? item.str : '')).join('\n'),
      paths: operators.fnArray.filter((op) => op === OPS.constructPath).length,
    });
  }
  await document.destroy();
  return pages;
}

describe('welcome letters and adding the app from a scanned page', () => {
  let test: TestApp;
  let request: ReturnType<typeof supertest>;
  let school: SchoolFactory;

  before(async () => {
    test = createTestApp();
    test.clock.set('2026-11-20T09:00:00.000Z');
    request = supertest(test.app);
    school = await SchoolFactory.create(testDataSource());
  });

  it('prints one letter per child, in French and the family’s language, with a pictogram per step, issuing no code', async () => {
    const world = await classWithFamilies(school, ['class', 'none']);
    await testDataSource().getRepository(Person).update({ id: world.guardians[0]!.id }, { preferredLanguage: 'ar' });
    const teacher = await test.signIn(world.teacher.id);
    const codesBefore = await testDataSource().getRepository(ShareGrant).countBy({ schoolId: school.school.id });
    const response = await asBytes(request.post(`/classes/${world.klass.id}/welcome-letters`).set('Cookie', teacher.cookie).type('form').send({ _csrf: teacher.csrfToken }));
    expect(response.status, String(response.body)).to.equal(200);
    expect(response.headers['content-type']).to.equal('application/pdf');
    const pages = await readLetters(response.body as Buffer);
    expect(pages).to.have.length(2);
    const arabic = pages.find((page) => page.text.includes(world.pupils[0]!.givenName))!;
    const french = pages.find((page) => page.text.includes(world.pupils[1]!.givenName))!;
    for (const page of [arabic, french]) {
      expect(page.text).to.include('Ouvrez l’appareil photo du téléphone');
      expect(page.text).to.include('« Écouter »');
      expect(page.text).to.include('Ajouter à l’écran d’accueil');
      // Five pictograms, each several strokes.
      expect(page.paths).to.be.greaterThan(5 * 3);
    }
    expect(arabic.text).to.include('كاميرا الهاتف');
    expect(french.text).not.to.include('كاميرا');
    expect(await testDataSource().getRepository(ShareGrant).countBy({ schoolId: school.school.id })).to.equal(codesBefore);
  });

  it('is refused to a teacher of another class', async () => {
    const world = await classWithFamilies(school, ['class']);
    const other = await test.signIn((await school.teacher([await school.class()])).id);
    const refused = await request.post(`/classes/${world.klass.id}/welcome-letters`).set('Cookie', other.cookie).type('form').send({ _csrf: other.csrfToken });
    expect(refused.status).to.equal(404);
  });

  it('offers, on the page a scanned code opens, to add the app to the phone', async () => {
    const world = await sharedClass(test, school);
    const pages = await printClassSheets(world.request, world.families.klass.id, world.teacher);
    const opened = await request.get(sharePath(pages[0]!.codes[0]!));
    const cookie = ([] as string[]).concat(opened.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]!).join('; ');
    const page = await request.get('/shared').set('Cookie', cookie);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('data-install');
    expect(page.text).to.include('/static/install-app.js');
    expect(page.text).to.include('rel="manifest"');
  });
});
