import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import supertest from 'supertest';
import type { Person, SchoolClass } from '../../src/model/index.js';
import { PortfolioMedium } from '../../src/model/portfolio-medium.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { portfolioArchiveSchema, type PortfolioArchive } from '../../src/portfolio/export/portfolio-archive-format.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { pdfBytes } from '../media/fixtures.js';
import { defaultSkill, downloadArchive, exportTestApp, ownSkill, seedEntry, unzip, type ExportTestApp } from './export-support.js';
import { phonePhoto } from './support.js';

/*
 * GET /children/:pupilId/portfolio.zip: the child's published portfolio, as the requester and the
 * child's family may see it, with an offline page and a versioned JSON.
 */
describe('portfolio export (ZIP)', () => {
  let testApp: ExportTestApp;
  let request: ReturnType<typeof supertest>;
  let school: SchoolFactory;
  let klass: SchoolClass;
  let teacher: Person;
  let lea: Person;
  let leaGuardian: Person;
  let tomGuardian: Person;

  before(async () => {
    testApp = exportTestApp();
    request = supertest(testApp.app);
    school = await SchoolFactory.create(testDataSource());
    klass = await school.class();
    teacher = await school.teacher([klass]);
    lea = await school.pupil(klass, { givenName: 'Léa', familyName: 'Martin' });
    leaGuardian = await school.guardian([lea]);
    await school.consent(lea, 'class', teacher);
    const tom = await school.pupil(klass);
    tomGuardian = await school.guardian([tom]);
    await school.consent(tom, 'none', teacher);
    const language = await defaultSkill(school, 'c1-langage');
    const swimming = await ownSkill(school, 'Nager 25 mètres');
    const { context } = testApp;

    await seedEntry(context, school, {
      klass,
      author: teacher,
      about: [lea],
      title: 'Mon premier dessin',
      comment: 'Léa a dessiné <b>un chat</b> & "un chien"',
      publishAt: new Date('2026-10-01T08:00:00Z'),
      media: [{ bytes: await phonePhoto(), appearing: [lea] }, { bytes: await phonePhoto(320, 240), appearing: [lea, tom] }, { bytes: pdfBytes() }],
      skills: [
        { skill: language, level: 'achieved' },
        { skill: swimming, level: 'inProgress' },
      ],
    });
    await seedEntry(context, school, {
      klass,
      author: teacher,
      about: [lea, tom],
      audience: 'class',
      momentKind: 'outing',
      title: '<script>alert("x")</script> Sortie au parc',
      comment: 'Au parc',
      publishAt: new Date('2026-10-15T08:00:00Z'),
      media: [{ bytes: await phonePhoto(400, 300) }],
    });
    await seedEntry(context, school, { klass, author: teacher, about: [lea], title: 'Brouillon secret', comment: '', state: 'draft', publishAt: new Date('2026-10-20T08:00:00Z') });
    await seedEntry(context, school, {
      klass,
      author: teacher,
      about: [lea],
      title: 'Pas encore publié',
      comment: '',
      state: 'scheduled',
      publishAt: new Date('2026-12-01T08:00:00Z'),
    });
  });

  async function archiveOf(person: Person, language?: string): Promise<{ files: Map<string, Buffer>; json: PortfolioArchive; headers: Record<string, string> }> {
    const session = await testApp.signIn(person.id);
    const test = downloadArchive(request, lea.id, session);
    const response = await (language ? test.set('Accept-Language', language) : test);
    expect(response.status).to.equal(200);
    const files = await unzip(response.body as Buffer);
    const json = portfolioArchiveSchema.parse(JSON.parse(files.get('portfolio.json')!.toString('utf8')));
    return { files, json, headers: response.headers as Record<string, string> };
  }

  it('streams a ZIP named after the child, never cached', async () => {
    const { headers } = await archiveOf(leaGuardian);
    expect(headers['content-type']).to.equal('application/zip');
    expect(headers['content-disposition']).to.equal(`attachment; filename="carnet-Lea.zip"; filename*=UTF-8''carnet-L%C3%A9a.zip`);
    expect(headers['cache-control']).to.equal('private, no-store');
  });

  it('holds the published entries, oldest first, in the documented JSON', async () => {
    const { json } = await archiveOf(leaGuardian);
    expect(json).to.include({ format: 'e-carnet/portfolio', version: 1 });
    expect(json.child).to.deep.equal({ givenName: 'Léa', familyName: 'Martin' });
    expect(json.school).to.deep.equal({ name: school.school.name, uai: school.school.uai });
    expect(json.entries.map((entry) => entry.title)).to.deep.equal(['Mon premier dessin', '<script>alert("x")</script> Sortie au parc']);
    const [first, second] = json.entries;
    expect(first).to.include({ audience: 'children', momentKind: null, publishedAt: '2026-10-01T08:00:00.000Z', comment: 'Léa a dessiné <b>un chat</b> & "un chien"' });
    expect(second).to.include({ audience: 'class', momentKind: 'outing' });
    expect(first!.skills).to.deep.include({ cycle: 1, domainCode: 'c1-langage', domainLabel: 'Mobiliser le langage dans toutes ses dimensions', label: 'Communiquer avec les adultes et les autres enfants par le langage, en se faisant comprendre', level: 'achieved' });
    expect(first!.skills).to.deep.include({ cycle: 2, domainCode: 'ecole-natation', domainLabel: 'Savoir nager', label: 'Nager 25 mètres', level: 'inProgress' });
  });

  it('leaves out a photo whose tagged child’s image rights do not reach this family', async () => {
    const { json, files } = await archiveOf(leaGuardian);
    expect(json.entries[0]!.media.map((medium) => medium.kind)).to.deep.equal(['photo', 'document']);
    expect([...files.keys()].filter((name) => name.startsWith('media/'))).to.have.length(3);
  });

  it('applies the family’s image rights to a teacher’s export too: the archive goes to the family', async () => {
    const { json } = await archiveOf(teacher);
    expect(json.entries[0]!.media.map((medium) => medium.kind)).to.deep.equal(['photo', 'document']);
  });

  it('ships each medium as stored (no EXIF) with its SHA-256', async () => {
    const { json, files } = await archiveOf(leaGuardian);
    for (const medium of json.entries.flatMap((entry) => entry.media)) {
      const bytes = files.get(medium.path);
      expect(bytes, medium.path).to.not.equal(undefined);
      expect(createHash('sha256').update(bytes!).digest('hex')).to.equal(medium.sha256);
      if (medium.kind === 'photo') expect((await sharp(bytes!).metadata()).exif).to.equal(undefined);
    }
  });

  it('has an offline index.html that escapes user text and links only files of the archive', async () => {
    const { files } = await archiveOf(leaGuardian);
    const html = files.get('index.html')!.toString('utf8');
    expect(html).to.match(/<html lang="fr" dir="ltr">/);
    expect(html).to.contain('Carnet de Léa Martin');
    expect(html).to.contain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Sortie au parc');
    expect(html).to.contain('Léa a dessiné &lt;b&gt;un chat&lt;/b&gt; &amp; &quot;un chien&quot;');
    expect(html).to.not.match(/<script/i);
    expect(html).to.contain('Acquis');
    const links = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((match) => match[1]!);
    expect(links).to.have.length.greaterThan(2);
    for (const link of links) expect(files.has(link), link).to.equal(true);
    expect(html).to.not.contain('Brouillon secret').and.to.not.contain('Pas encore publié');
  });

  it('writes the page in the family’s language, right to left for Arabic', async () => {
    const english = (await archiveOf(leaGuardian, 'en')).files.get('index.html')!.toString('utf8');
    expect(english).to.match(/<html lang="en" dir="ltr">/).and.to.contain('Léa Martin’s portfolio').and.to.contain('Achieved');
    const arabic = (await archiveOf(leaGuardian, 'ar')).files.get('index.html')!.toString('utf8');
    expect(arabic).to.match(/<html lang="ar" dir="rtl">/);
  });

  it('answers NOT_FOUND to another family', async () => {
    const session = await testApp.signIn(tomGuardian.id);
    const response = await request.get(`/children/${lea.id}/portfolio.zip`).set('Cookie', session.cookie).set('Accept', 'application/json');
    expect(response.status).to.equal(404);
    expect(response.body).to.deep.equal({ error: { code: 'NOT_FOUND', message: (response.body as { error: { message: string } }).error.message } });
  });
});

describe('portfolio export (ZIP): long and damaged portfolios', () => {
  let testApp: ExportTestApp;
  let request: ReturnType<typeof supertest>;
  let school: SchoolFactory;
  let klass: SchoolClass;
  let teacher: Person;

  before(async () => {
    testApp = exportTestApp();
    request = supertest(testApp.app);
    school = await SchoolFactory.create(testDataSource());
    klass = await school.class();
    teacher = await school.teacher([klass]);
  });

  async function exportedJson(pupil: Person, guardian: Person): Promise<PortfolioArchive> {
    const response = await downloadArchive(request, pupil.id, await testApp.signIn(guardian.id));
    expect(response.status).to.equal(200);
    const files = await unzip(response.body as Buffer);
    return portfolioArchiveSchema.parse(JSON.parse(files.get('portfolio.json')!.toString('utf8')));
  }

  it('holds every entry of a timeline longer than one page, oldest first', async () => {
    const sam = await school.pupil(klass);
    const guardian = await school.guardian([sam]);
    for (let day = 1; day <= 23; day += 1) {
      await seedEntry(testApp.context, school, { klass, author: teacher, about: [sam], title: `Jour ${day}`, comment: '', publishAt: new Date(Date.UTC(2026, 8, day, 8)) });
    }
    const json = await exportedJson(sam, guardian);
    expect(json.entries.map((entry) => entry.title)).to.deep.equal(Array.from({ length: 23 }, (_, index) => `Jour ${index + 1}`));
  });

  it('leaves out a medium whose stored file is gone, rather than failing the whole archive', async () => {
    const noa = await school.pupil(klass);
    const guardian = await school.guardian([noa]);
    await school.consent(noa, 'class', teacher);
    const entry = await seedEntry(testApp.context, school, {
      klass,
      author: teacher,
      about: [noa],
      title: 'Deux photos',
      comment: '',
      publishAt: new Date('2026-09-10T08:00:00Z'),
      media: [{ bytes: await phonePhoto() }, { bytes: await phonePhoto(300, 200) }],
    });
    const [lost] = await testDataSource().getRepository(PortfolioMedium).find({ where: { entryId: entry.id }, order: { position: 'ASC' } });
    await testApp.context.media.storage.delete(lost!.originalKey);
    const json = await exportedJson(noa, guardian);
    expect(json.entries[0]!.media).to.have.length(1);
  });
});

describe('portfolio export (ZIP): storage failing mid-download', () => {
  it('cuts the download (no complete-looking ZIP) and keeps serving', async () => {
    let failingKey: string | undefined;
    const testApp = exportTestApp({
      // The stored object breaks after its first bytes, as a disk or S3 read can.
      storage: (real) => ({
        put: (key, body, options) => real.put(key, body, options),
        stat: (key) => real.stat(key),
        delete: (key) => real.delete(key),
        open: async (key, range) => {
          if (key !== failingKey) return real.open(key, range);
          let sent = false;
          return new Readable({
            read() {
              if (sent) this.destroy(new Error('disk read failed'));
              else this.push(Buffer.alloc(1024, 1));
              sent = true;
            },
          });
        },
      }),
    });
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    const teacher = await school.teacher([klass]);
    const ana = await school.pupil(klass);
    const guardian = await school.guardian([ana]);
    const entry = await seedEntry(testApp.context, school, {
      klass,
      author: teacher,
      about: [ana],
      title: 'Photos',
      comment: '',
      publishAt: new Date('2026-09-10T08:00:00Z'),
      media: [{ bytes: await phonePhoto() }, { bytes: await phonePhoto(300, 200) }],
    });
    const media = await testDataSource().getRepository(PortfolioMedium).find({ where: { entryId: entry.id }, order: { position: 'ASC' } });
    failingKey = media[1]!.originalKey;
    const request = supertest(testApp.app);
    const session = await testApp.signIn(guardian.id);

    const outcome = await downloadArchive(request, ana.id, session).then(
      async (response) => unzip(response.body as Buffer).then(() => 'complete', () => 'cut'),
      () => 'cut',
    );
    expect(outcome).to.equal('cut');

    failingKey = undefined;
    const again = await downloadArchive(request, ana.id, session);
    expect(again.status).to.equal(200);
    expect((await unzip(again.body as Buffer)).size).to.equal(4);
  });
});

describe('portfolio archive format: documentation', () => {
  it('documents an example that readers accept', async () => {
    const doc = await readFile(path.join(PROJECT_ROOT, 'docs', 'portfolio-archive-format.md'), 'utf8');
    const example = /```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(example, 'a ```json block').to.be.a('string');
    expect(portfolioArchiveSchema.safeParse(JSON.parse(example!)).success).to.equal(true);
  });
});
