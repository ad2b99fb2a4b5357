import { expect } from 'chai';
import jsQRModule from 'jsqr';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import supertest from 'supertest';
import { skillsResponse } from '../../src/portfolio/api-schemas.js';
import { Person } from '../../src/model/index.js';
import { TranslationUnavailable, type TranslationProvider } from '../../src/translate/provider.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { classWithFamilies, phonePhoto, postEntryForm } from '../portfolio/support.js';
import { asBytes } from '../sharing/support.js';

const ARABIC = new Map([
  ['Léa lit une histoire', 'ليا تقرأ قصة'],
  ['Bravo, quelle belle lecture', 'أحسنت، يا لها من قراءة جميلة'],
]);

/** Translates the two French sentences of Léa's entry into Arabic, and nothing else. */
class ArabicEntry implements TranslationProvider {
  readonly id = `arabic-entry-${Date.now()}`;
  async translate(text: string, _from: string, to: string): Promise<string> {
    const translated = to === 'ar' ? ARABIC.get(text) : undefined;
    if (translated === undefined) throw new TranslationUnavailable('unknown');
    return translated;
  }
}

/** A page of the PDF: its text, how many images it draws, and the QR codes among them. */
interface BookletPage {
  readonly text: string;
  readonly images: number;
  readonly codes: readonly string[];
}

async function readBooklet(pdf: Buffer): Promise<BookletPage[]> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: BookletPage[] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    const operators = await page.getOperatorList();
    let images = 0;
    const codes: string[] = [];
    for (const [index, op] of operators.fnArray.entries()) {
      if (op !== OPS.paintImageXObject) continue;
      images += 1;
      const name = (operators.argsArray[index] as [string])[0];
      const image = await new Promise<{ width: number; height: number; data: Uint8ClampedArray }>((resolve) => page.objs.get(name, resolve));
      const pixels = image.width * image.height;
      const rgba = new Uint8ClampedArray(pixels * 4);
      const channels = image.data.length / pixels;
      for (let pixel = 0; pixel < pixels; pixel += 1) {
        for (let channel = 0; channel < 3; channel += 1) rgba[pixel * 4 + channel] = image.data[pixel * channels + (channels === 1 ? 0 : channel)]!;
        rgba[pixel * 4 + 3] = 255;
      }
      const decoded = jsQRModule.default(rgba, image.width, image.height);
      if (decoded) codes.push(decoded.data);
    }
    pages.push({ text: content.items.map((item) => ('str' in item ? item.str : '')).join('\n'), images, codes });
  }
  await document.destroy();
  return pages;
}

describe('portfolio booklet', () => {
  let test: TestApp;
  let request: ReturnType<typeof supertest>;
  let world: Awaited<ReturnType<typeof classWithFamilies>>;
  let pages: BookletPage[];

  before(async () => {
    test = createTestApp({ translationProvider: new ArabicEntry() });
    test.clock.set('2026-11-20T09:00:00.000Z');
    request = supertest(test.app);
    const school = await SchoolFactory.create(testDataSource());
    // Léa's family consented to class photos; Noé's to none.
    world = await classWithFamilies(school, ['class', 'none']);
    const [lea, noe] = world.pupils as [Person, Person];
    await testDataSource().getRepository(Person).update({ id: world.guardians[0]!.id }, { preferredLanguage: 'ar' });
    const teacher = await test.signIn(world.teacher.id);
    const { skills } = skillsResponse.parse(
      (await request.get(`/api/v1/schools/${school.school.id}/skills`).set('Cookie', teacher.cookie).set('Accept', 'application/json')).body,
    );
    const skill = skills.find((candidate) => candidate.cycle === 1)!;
    const post = async (fields: Record<string, string | string[]>) => {
      const response = await postEntryForm(request, world.klass.id, teacher, { peopleReviewed: 'yes', when: 'now', ...fields }, [{ name: 'IMG.jpg', content: await phonePhoto() }]);
      expect(response.status, response.text).to.equal(303);
    };
    await post({ audience: 'children', pupilIds: lea.id, title: 'Léa lit une histoire', comment: 'Bravo, quelle belle lecture', appearing: lea.id, skillId: skill.id, skillLevel: 'achieved' });
    await post({ audience: 'class', title: 'Sortie au parc', comment: 'Toute la classe', appearing: noe.id });
    await post({ audience: 'children', pupilIds: noe.id, title: 'Noé construit une tour', comment: 'Très haute', appearing: noe.id });
    // Past the evaluation delay: the family sees the skill.
    test.clock.set('2026-11-23T09:00:00.000Z');
    const printer = await test.signIn(world.teacher.id);
    const response = await asBytes(
      request.post(`/children/${lea.id}/booklet`).set('Cookie', printer.cookie).type('form').send({ _csrf: printer.csrfToken, from: '2026-11-01', to: '2026-11-30', newCode: 'on' }),
    );
    expect(response.status, String(response.body)).to.equal(200);
    expect(response.headers['content-type']).to.equal('application/pdf');
    pages = await readBooklet(response.body as Buffer);
  });

  it('prints the family’s entries in their language, with photos only where the image rights allow', () => {
    const all = pages.map((page) => page.text).join('\n');
    expect(all).to.include('ليا تقرأ قصة');
    expect(all).to.include('أحسنت، يا لها من قراءة جميلة');
    expect(all).to.include('Sortie au parc');
    expect(all).not.to.include('Noé construit une tour');
    const leaPage = pages.find((page) => page.text.includes('ليا تقرأ قصة') && page.codes.length === 0)!;
    expect(leaPage.images).to.equal(1);
    // Noé appears in the park photo and his family did not consent: Léa's family does not get it.
    const parkPage = pages.find((page) => page.text.includes('Sortie au parc'))!;
    expect(parkPage.images).to.equal(0);
  });

  it('lists the period’s skills with their evidence', () => {
    const last = pages.at(-1)!.text;
    expect(last).to.include('كفاءات الفترة');
    expect(last).to.include('ليا تقرأ قصة');
  });

  it('carries on its cover a QR code that opens the child’s portfolio online', async () => {
    expect(pages[0]!.codes).to.have.length(1);
    const url = new URL(pages[0]!.codes[0]!);
    expect(url.pathname).to.match(/^\/s\/[A-Za-z0-9_-]{43}$/);
    const opened = await request.get(url.pathname);
    expect(opened.status).to.equal(303);
    expect(opened.headers.location).to.equal('/shared');
  });

  it('is refused to a parent of another child', async () => {
    const other = await test.signIn(world.guardians[1]!.id);
    const refused = await request.post(`/children/${world.pupils[0]!.id}/booklet`).set('Cookie', other.cookie).type('form').send({ _csrf: other.csrfToken, from: '2026-11-01', to: '2026-11-30' });
    expect(refused.status).to.equal(404);
  });
});
