import { expect } from 'chai';
import supertest from 'supertest';
import type { Person, SchoolClass } from '../../src/model/index.js';
import { PortfolioMedium } from '../../src/model/portfolio-medium.js';
import { Skill } from '../../src/model/skill.js';
import { isUniqueViolation } from '../../src/db/unique-violation.js';
import { PortfolioEntry } from '../../src/model/portfolio-entry.js';
import { matchSkills, skillKey } from '../../src/portfolio/export/match-skills.js';
import { importedSourceEntryIds, recordImportedEntries } from '../../src/portfolio/export/record-imported-entries.js';
import { loadTimeline } from '../../src/portfolio/timeline.js';
import { runInTransaction } from '../../src/db/transaction.js';
import { loadActor } from '../../src/policy/load-actor.js';
import { pdfBytes } from '../media/fixtures.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import type { PortfolioArchive } from '../../src/portfolio/export/portfolio-archive-format.js';
import { defaultSkill, downloadArchive, exportTestApp, ownSkill, postArchive, seedEntry, unzip, type ExportTestApp } from './export-support.js';
import { phonePhoto } from './support.js';

/*
 * The child moves from the école (school A) to the collège (school B): the family downloads the
 * portfolio, the new teacher imports it, the history appears on the child's new timeline.
 */
describe('portfolio import: round trip from one school to another', () => {
  let testApp: ExportTestApp;
  let request: ReturnType<typeof supertest>;
  let archive: Buffer;
  let schoolB: SchoolFactory;
  let classB: SchoolClass;
  let teacherB: Person;
  let leaB: Person;
  let guardianB: Person;
  let schoolAName: string;
  let teacherAName: string;

  before(async () => {
    testApp = exportTestApp();
    request = supertest(testApp.app);
    const dataSource = testDataSource();
    const schoolA = await SchoolFactory.create(dataSource);
    const classA = await schoolA.class();
    const teacherA = await schoolA.teacher([classA]);
    const lea = await schoolA.pupil(classA, { givenName: 'Léa', familyName: 'Martin' });
    const guardianA = await schoolA.guardian([lea]);
    await schoolA.consent(lea, 'class', teacherA);
    await seedEntry(testApp.context, schoolA, {
      klass: classA,
      author: teacherA,
      about: [lea],
      title: 'Mon premier dessin',
      comment: 'Un chat et un chien',
      publishAt: new Date('2026-03-01T08:00:00Z'),
      media: [{ bytes: await phonePhoto(), appearing: [lea] }, { bytes: pdfBytes() }],
      skills: [
        { skill: await defaultSkill(schoolA, 'c1-langage'), level: 'achieved' },
        { skill: await ownSkill(schoolA, 'Nager 25 mètres'), level: 'beyond' },
      ],
    });
    await seedEntry(testApp.context, schoolA, {
      klass: classA,
      author: teacherA,
      about: [lea],
      audience: 'class',
      momentKind: 'show',
      title: 'Spectacle de fin d’année',
      comment: '',
      publishAt: new Date('2026-06-20T08:00:00Z'),
      media: [{ bytes: await phonePhoto(400, 300) }],
    });
    schoolAName = schoolA.school.name;
    teacherAName = `${teacherA.givenName} ${teacherA.familyName}`;
    const download = await downloadArchive(request, lea.id, await testApp.signIn(guardianA.id));
    expect(download.status).to.equal(200);
    archive = download.body as Buffer;

    schoolB = await SchoolFactory.create(dataSource);
    classB = await schoolB.class('6e B');
    teacherB = await schoolB.teacher([classB]);
    leaB = await schoolB.pupil(classB, { givenName: 'Léa', familyName: 'Martin' });
    guardianB = await schoolB.guardian([leaB]);
  });

  it('imports the entries and their media, and shows them on the child’s new timeline', async () => {
    const response = await postArchive(request, classB.id, leaB.id, await testApp.signIn(teacherB.id), archive);
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    expect(response.body).to.deep.equal({ imported: { entries: 2, media: 3, alreadyThere: 0 } });

    const dataSource = testDataSource();
    const now = testApp.clock.now();
    const timeline = await loadTimeline(dataSource, await loadActor(dataSource, guardianB.id, now), leaB.id, now);
    expect(timeline.entries.map((entry) => entry.title)).to.deep.equal(['Spectacle de fin d’année', 'Mon premier dessin']);
    const [show, drawing] = timeline.entries;
    // Named as the family knew them: school A's teacher at school A, not school B's importer.
    for (const entry of timeline.entries) expect(entry.origin).to.deep.equal({ schoolName: schoolAName, authorName: teacherAName });
    expect(show!.seenFrom.toISOString()).to.equal('2026-06-20T08:00:00.000Z');
    expect(drawing!.media.map((medium) => medium.kind)).to.deep.equal(['photo', 'document']);
    expect(show!.media.map((medium) => medium.kind)).to.deep.equal(['photo']);
    expect(drawing!.skills.map((skill) => [skill.label, skill.level])).to.have.deep.members([
      ['Communiquer avec les adultes et les autres enfants par le langage, en se faisant comprendre', 'achieved'],
      ['Nager 25 mètres', 'beyond'],
    ]);

    // Evidence goes to school B's own framework: its default skill, and the skill it lacked, added.
    const skillIds = drawing!.skills.map((skill) => skill.skillId);
    const skills = await dataSource.getRepository(Skill).findBy(skillIds.map((id) => ({ id })));
    expect(skills.every((skill) => skill.schoolId === schoolB.id)).to.equal(true);
    expect(skills.find((skill) => skill.label === 'Nager 25 mètres')).to.include({ domainCode: 'ecole-natation', domainLabel: 'Savoir nager' });

    // Media were stored anew in school B (re-checked, re-encoded), not pointed at school A's files.
    const media = await dataSource.getRepository(PortfolioMedium).findBy({ schoolId: schoolB.id });
    expect(media).to.have.length(3);
    for (const medium of media) {
      expect(medium.originalKey.startsWith(`schools/${schoolB.id}/`)).to.equal(true);
      expect(await testApp.context.media.storage.stat(medium.originalKey)).to.not.equal(undefined);
    }
  });

  it('names the first school and teacher on the family’s page, and carries them into the next export', async () => {
    const page = await request.get(`/children/${leaB.id}/portfolio`).set('Cookie', (await testApp.signIn(guardianB.id)).cookie);
    expect(page.status).to.equal(200);
    expect(page.text).to.include(`${teacherAName}, ${schoolAName}`);
    expect(page.text).not.to.include(`${teacherB.givenName} ${teacherB.familyName}`);
    // The child moves on again: the collège's archive still says where each entry comes from.
    const again = await downloadArchive(request, leaB.id, await testApp.signIn(guardianB.id));
    expect(again.status).to.equal(200);
    const json = JSON.parse((await unzip(again.body as Buffer)).get('portfolio.json')!.toString('utf8')) as PortfolioArchive;
    expect(json.school.name).to.equal(schoolB.school.name);
    expect(json.entries.map((entry) => [entry.author, entry.school])).to.deep.equal([
      [teacherAName, schoolAName],
      [teacherAName, schoolAName],
    ]);
  });

  it('brings nothing in twice: the same archive again adds no entry and stores no medium', async () => {
    const dataSource = testDataSource();
    const mediaBefore = await dataSource.getRepository(PortfolioMedium).countBy({ schoolId: schoolB.id });
    const response = await postArchive(request, classB.id, leaB.id, await testApp.signIn(teacherB.id), archive);
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    expect(response.body).to.deep.equal({ imported: { entries: 0, media: 0, alreadyThere: 2 } });
    expect(await dataSource.getRepository(PortfolioMedium).countBy({ schoolId: schoolB.id })).to.equal(mediaBefore);
    const now = testApp.clock.now();
    const timeline = await loadTimeline(dataSource, await loadActor(dataSource, guardianB.id, now), leaB.id, now);
    expect(timeline.entries.map((entry) => entry.title)).to.deep.equal(['Spectacle de fin d’année', 'Mon premier dessin']);
  });

  it('sends a browser back to the child’s portfolio, which says what the import did', async () => {
    const session = await testApp.signIn(teacherB.id);
    const response = await request
      .post(`/classes/${classB.id}/portfolio/import?pupilId=${leaB.id}`)
      .set('Cookie', session.cookie)
      .field('_csrf', session.csrfToken)
      .attach('archive', archive, { filename: 'carnet.zip', contentType: 'application/zip' });
    expect(response.status).to.equal(303);
    expect(response.headers.location).to.equal(`/children/${leaB.id}/portfolio?imported=0&alreadyThere=2`);
    const page = await request.get(response.headers.location!).set('Cookie', session.cookie);
    expect(page.status, page.text.slice(0, 2000)).to.equal(200);
    expect(page.text).to.include('0 élément importé.');
    expect(page.text).to.include('2 éléments de cette archive étaient déjà dans le carnet');
  });

  it('is refused to a family, as if the class did not exist', async () => {
    const response = await postArchive(request, classB.id, leaB.id, await testApp.signIn(guardianB.id), archive);
    expect(response.status).to.equal(404);
  });

  it('is refused to a teacher of another class', async () => {
    const other = await schoolB.teacher([await schoolB.class('6e C')]);
    const response = await postArchive(request, classB.id, leaB.id, await testApp.signIn(other.id), archive);
    expect(response.status).to.equal(404);
  });

  it('takes the director of the school', async () => {
    const director = await schoolB.director();
    const pupil = await schoolB.pupil(classB);
    const response = await postArchive(request, classB.id, pupil.id, await testApp.signIn(director.id), archive);
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
  });

  it('refuses a pupil who is not in the class', async () => {
    const elsewhere = await schoolB.pupil(await schoolB.class('6e D'));
    const response = await postArchive(request, classB.id, elsewhere.id, await testApp.signIn(teacherB.id), archive);
    expect(response.status).to.equal(400);
    expect((response.body as { error: { code: string } }).error.code).to.equal('PORTFOLIO_PUPIL_NOT_IN_CLASS');
  });
});

describe('portfolio import: matching skills to the receiving framework', () => {
  it('prefers a live skill to an archived one with the same words, and adds what is missing once', async () => {
    const dataSource = testDataSource();
    const school = await SchoolFactory.create(dataSource);
    const old = await ownSkill(school, 'Nager 50 mètres');
    await dataSource.getRepository(Skill).update({ id: old.id }, { archivedAt: new Date('2026-01-01T00:00:00Z') });
    const live = await ownSkill(school, 'Nager 50 mètres');
    const wanted = [
      { cycle: 3, domainCode: 'ecole-natation', domainLabel: 'Natation', label: ' Nager 50 mètres ', level: 'achieved' as const },
      { cycle: 3, domainCode: 'ecole-natation', domainLabel: 'Natation', label: 'Plonger', level: 'achieved' as const },
      { cycle: 3, domainCode: 'ecole-natation', domainLabel: 'Natation', label: 'Plonger', level: 'beyond' as const },
    ];
    const matched = await runInTransaction(dataSource, (manager) => matchSkills(manager, school.id, wanted));
    expect(matched.get(skillKey(wanted[0]!))).to.equal(live.id);
    const added = await dataSource.getRepository(Skill).findBy({ schoolId: school.id, label: 'Plonger' });
    expect(added).to.have.length(1);
    // Filed under the school's own name for the domain it already has.
    expect(added[0]).to.include({ id: matched.get(skillKey(wanted[1]!)), domainLabel: 'Savoir nager', cycle: 2 });
  });
});

describe('portfolio import: the same archive entry twice at once', () => {
  it('lets the database refuse the second writer, whatever the engine', async () => {
    const dataSource = testDataSource();
    const school = await SchoolFactory.create(dataSource);
    const klass = await school.class();
    const teacher = await school.teacher([klass]);
    const pupil = await school.pupil(klass);
    const target = { schoolId: school.id, classId: klass.id, pupilId: pupil.id, importerId: teacher.id, sourceSchoolName: 'École des Tilleuls' };
    const entry = { id: 'archive-entry-1', audience: 'children' as const, momentKind: null, title: 'Un dessin', comment: '', publishedAt: '2026-03-01T08:00:00.000Z', skills: [], media: [] };
    // Both imports read "not imported yet" before either wrote: the unique index decides.
    const quota = Number.MAX_SAFE_INTEGER;
    await recordImportedEntries(dataSource, target, [{ entry, media: [] }], new Date(), quota);
    const second = await recordImportedEntries(dataSource, target, [{ entry, media: [] }], new Date(), quota).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isUniqueViolation(second), String(second)).to.equal(true);
    // The import tells this case from others by the table the driver names.
    expect(String((second as Error).message)).to.include('portfolio_import_origin');
    expect(await importedSourceEntryIds(dataSource, target)).to.deep.equal(new Set(['archive-entry-1']));
    expect(await dataSource.getRepository(PortfolioEntry).countBy({ schoolId: school.id })).to.equal(1);
  });
});
