import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import supertest from 'supertest';
import { PortfolioEntry, PortfolioMedium } from '../../src/model/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { TEST_MEDIA_DIR } from '../support/config.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { classWithFamilies, phonePhoto, postEntryForm } from './support.js';

/** Files stored for a school, renditions included. */
function storedFiles(schoolId: string): string[] {
  const folder = path.join(TEST_MEDIA_DIR, 'schools', schoolId);
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
}

function mediumIdsIn(html: string): string[] {
  return [...html.matchAll(/\/media\/([0-9a-f-]{36})\/thumbnail/g)].map((match) => match[1]!);
}

describe('portfolio: a class moment goes out at the publication slot, photos follow image rights', () => {
  let test: TestApp;
  let request: ReturnType<typeof supertest>;
  let school: SchoolFactory;
  let families: Awaited<ReturnType<typeof classWithFamilies>>;

  before(async () => {
    // Friday 20 November 2026, 10:00 in Paris; the default slot is Friday 16:30.
    test = createTestApp();
    test.clock.set('2026-11-20T09:00:00.000Z');
    request = supertest(test.app);
    school = await SchoolFactory.create(testDataSource());
    // Léa and Noé consent for the class, Zoé has no consent, Tom (not in the photo) for the school.
    families = await classWithFamilies(school, ['class', 'class', 'none', 'school']);
  });

  it('publishes at the next slot, shows the photo to the family of the child without consent only, without EXIF', async () => {
    const [lea, noe, zoe, tom] = families.pupils;
    const [leaParent, , zoeParent, tomParent] = families.guardians;
    const teacher = await test.signIn(families.teacher.id);
    const posted = await postEntryForm(
      request,
      families.klass.id,
      teacher,
      { audience: 'class', momentKind: 'outing', title: 'Sortie à la ferme', comment: 'Une belle journée.', peopleReviewed: 'yes', appearing: [lea!.id, noe!.id, zoe!.id], when: 'nextSlot' },
      [{ name: 'IMG_0001.jpg', content: await phonePhoto() }],
    );
    expect(posted.status, posted.text).to.equal(303);
    const entryId = posted.headers.location!.split('/').at(-1)!;
    const entry = await testDataSource().getRepository(PortfolioEntry).findOneByOrFail({ id: entryId });
    expect(entry.state).to.equal('scheduled');
    expect(entry.publishAt!.toISOString()).to.equal('2026-11-20T15:30:00.000Z');
    const [medium] = await testDataSource().getRepository(PortfolioMedium).findBy({ entryId });

    // Before the slot, the families see nothing of it.
    const leaSession = await test.signIn(leaParent!.id);
    const early = await request.get(`/children/${lea!.id}/portfolio`).set('Cookie', leaSession.cookie);
    expect(early.status).to.equal(200);
    expect(early.text).not.to.contain('Sortie à la ferme');

    test.clock.set('2026-11-20T15:31:00.000Z');
    const leaLater = await test.signIn(leaParent!.id);
    const zoeSession = await test.signIn(zoeParent!.id);
    const tomSession = await test.signIn(tomParent!.id);
    const [leaPage, zoePage, tomPage] = await Promise.all([
      request.get(`/children/${lea!.id}/portfolio`).set('Cookie', leaLater.cookie),
      request.get(`/children/${zoe!.id}/portfolio`).set('Cookie', zoeSession.cookie),
      request.get(`/children/${tom!.id}/portfolio`).set('Cookie', tomSession.cookie),
    ]);
    for (const page of [leaPage, zoePage, tomPage]) expect(page.text).to.contain('Sortie à la ferme');
    expect(mediumIdsIn(zoePage.text)).to.deep.equal([medium!.id]);
    expect(mediumIdsIn(leaPage.text)).to.deep.equal([]);
    expect(mediumIdsIn(tomPage.text)).to.deep.equal([]);

    const seen = await request.get(`/media/${medium!.id}/original`).set('Cookie', zoeSession.cookie).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(seen.status).to.equal(200);
    expect(seen.headers['cache-control']).to.equal('private, no-store');
    const metadata = await sharp(seen.body as Buffer).metadata();
    expect(metadata.exif, 'EXIF (with GPS) must be gone').to.equal(undefined);
    expect((await request.get(`/media/${medium!.id}/original`).set('Cookie', leaLater.cookie)).status).to.equal(404);
    expect((await request.get(`/media/${medium!.id}/thumbnail`).set('Cookie', tomSession.cookie)).status).to.equal(404);
  });

  it('tells the teacher, before publishing, which families will not see a photo and why', async () => {
    const [lea, , zoe] = families.pupils;
    test.clock.set('2026-11-21T09:00:00.000Z');
    const teacher = await test.signIn(families.teacher.id);
    const posted = await postEntryForm(
      request,
      families.klass.id,
      teacher,
      { audience: 'class', momentKind: 'ritual', title: 'Le rituel du matin', peopleReviewed: 'yes', appearing: [lea!.id, zoe!.id], when: 'draft' },
      [{ name: 'matin.jpg', content: await phonePhoto() }],
    );
    expect(posted.status, posted.text).to.equal(303);
    const page = await request.get(posted.headers.location!).set('Cookie', teacher.cookie);
    const hidden = [...page.text.matchAll(/class="hidden-from">([^<]*)/g)].map((match) => match[1]!);
    // Zoé appears without consent: every family but hers loses the photo, Zoé named as the reason.
    expect(hidden).to.have.length(3);
    expect(page.text).to.contain(`${zoe!.givenName} ${zoe!.familyName}`);
  });

  it('refuses an entry for a child of another class and leaves neither rows nor files behind', async () => {
    const other = await school.class();
    const outsider = await school.pupil(other);
    const teacher = await test.signIn(families.teacher.id);
    const filesBefore = storedFiles(school.id).length;
    const rowsBefore = await testDataSource().getRepository(PortfolioMedium).countBy({ schoolId: school.id });
    const refused = await postEntryForm(request, families.klass.id, teacher, { audience: 'children', pupilIds: outsider.id, peopleReviewed: 'nobody' }, [
      { name: 'photo.jpg', content: await phonePhoto() },
    ]);
    expect(refused.status).to.equal(400);
    expect(refused.body.error.code).to.equal('PORTFOLIO_PUPIL_NOT_IN_CLASS');
    expect(await testDataSource().getRepository(PortfolioMedium).countBy({ schoolId: school.id })).to.equal(rowsBefore);
    expect(storedFiles(school.id)).to.have.length(filesBefore);
  });

  it('refuses a file that is not what it claims, and an SVG with script, keeping nothing', async () => {
    const teacher = await test.signIn(families.teacher.id);
    const filesBefore = storedFiles(school.id).length;
    const fake = await postEntryForm(request, families.klass.id, teacher, { audience: 'class' }, [{ name: 'photo.jpg', content: Buffer.from('MZ not a picture at all') }]);
    expect(fake.status).to.equal(415);
    expect(fake.body.error.code).to.equal('MEDIA_TYPE_UNSUPPORTED');
    const svg = await postEntryForm(request, families.klass.id, teacher, { audience: 'class' }, [
      { name: 'dessin.svg', content: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') },
    ]);
    expect(svg.body.error.code).to.equal('MEDIA_TYPE_UNSUPPORTED');
    expect(storedFiles(school.id)).to.have.length(filesBefore);
  });

  it('will not publish a photo whose people the teacher has not reviewed', async () => {
    const teacher = await test.signIn(families.teacher.id);
    const posted = await postEntryForm(request, families.klass.id, teacher, { audience: 'class', peopleReviewed: 'later', when: 'draft' }, [
      { name: 'photo.jpg', content: await phonePhoto() },
    ]);
    const entryId = posted.headers.location!.split('/').at(-1)!;
    const refused = await request
      .post(`/portfolio/entries/${entryId}/schedule`)
      .set('Cookie', teacher.cookie)
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: teacher.csrfToken, when: 'now' });
    expect(refused.status).to.equal(409);
    expect(refused.body.error.code).to.equal('PORTFOLIO_MEDIA_NOT_REVIEWED');
  });

  it('shows an evaluation to the child first and to the family after the school’s delay', async () => {
    const [lea] = families.pupils;
    const [leaParent] = families.guardians;
    test.clock.set('2026-11-23T08:00:00.000Z');
    const teacher = await test.signIn(families.teacher.id);
    const skills = (await testDataSource().query('SELECT id FROM skill WHERE schoolId = ? ORDER BY position', [school.id])) as { id: string }[];
    if (skills.length === 0) await request.get(`/classes/${families.klass.id}/portfolio`).set('Cookie', teacher.cookie);
    const [skill] = (await testDataSource().query('SELECT id FROM skill WHERE schoolId = ? ORDER BY position', [school.id])) as { id: string }[];
    const posted = await postEntryForm(request, families.klass.id, teacher, {
      audience: 'children',
      pupilIds: lea!.id,
      title: 'Compter jusqu’à 30',
      skillId: skill!.id,
      skillLevel: 'achieved',
      when: 'now',
    });
    expect(posted.status, posted.text).to.equal(303);
    const child = await test.signIn(lea!.id);
    const parent = await test.signIn(leaParent!.id);
    expect((await request.get(`/children/${lea!.id}/portfolio`).set('Cookie', child.cookie)).text).to.contain('Compter jusqu’à 30');
    expect((await request.get(`/children/${lea!.id}/portfolio`).set('Cookie', parent.cookie)).text).not.to.contain('Compter jusqu’à 30');
    test.clock.set('2026-11-24T08:01:00.000Z');
    const parentNextDay = await test.signIn(leaParent!.id);
    expect((await request.get(`/children/${lea!.id}/portfolio`).set('Cookie', parentNextDay.cookie)).text).to.contain('Compter jusqu’à 30');
    const dashboard = await request.get(`/children/${lea!.id}/skills`).set('Cookie', parentNextDay.cookie);
    expect(dashboard.status).to.equal(200);
    expect(dashboard.text).to.match(/id="skills-successes"[\s\S]*Compter jusqu’à 30[\s\S]*id="skills-workingOn"/);
  });
});
