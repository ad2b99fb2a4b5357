import { expect } from 'chai';
import request from 'supertest';
import { DEMO_FAMILIES } from '../../src/demo/demo-school-data.js';
import { Guardianship, RosterImport } from '../../src/model/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { demoSchool } from '../support/demo.js';
import { SchoolFactory } from '../support/factories.js';
import { identityRowsDigest } from '../identity/identity-rows.js';
import { digestOf, rosterFixture, upload } from './roster-fixture.js';

async function linksOf(childId: string): Promise<{ guardian: string; status: string; approval: string; reference: string | null; effectiveTo: Date | null }[]> {
  const rows = (await testDataSource().query(
    `SELECT p.givenName AS givenName, p.familyName AS familyName, g.status AS status, g.approval AS approval, g.legalBasisReference AS reference, g.effectiveTo AS effectiveTo
       FROM guardianship g JOIN person p ON p.id = g.guardianId WHERE g.childId = ? ORDER BY g.guardianRank, g.createdAt`,
    [childId],
  )) as { givenName: string; familyName: string; status: string; approval: string; reference: string | null; effectiveTo: Date | null }[];
  return rows.map((row) => ({ guardian: `${row.givenName} ${row.familyName}`, status: row.status, approval: row.approval, reference: row.reference, effectiveTo: row.effectiveTo }));
}

/** The one person of a school with this role and these names (compared byte for byte, never across schools). */
async function personOfSchool(schoolId: string, role: 'pupil' | 'parent' | 'director', givenName: string, familyName: string): Promise<{ id: string }> {
  const rows = (await testDataSource().query(
    `SELECT p.id AS id, p.givenName AS givenName, p.familyName AS familyName FROM person p
       JOIN school_membership m ON m.personId = p.id AND m.schoolId = ? AND m.role = ?`,
    [schoolId, role],
  )) as { id: string; givenName: string; familyName: string }[];
  const found = rows.filter((row) => row.givenName === givenName && row.familyName === familyName);
  expect(found, `${givenName} ${familyName} in the school`).to.have.length(1);
  return { id: found[0]!.id };
}

describe('roster import: the school’s ONDE / SIECLE export', function () {
  this.timeout(60_000);
  let testApp: TestApp;
  before(() => {
    testApp = createTestApp();
  });

  /** Uploads, previews and applies a file as the director does; returns the preview page. */
  async function importFile(schoolId: string, director: { readonly id: string }, file: Buffer, fields: Record<string, string> = {}): Promise<string> {
    const signedIn = await testApp.signIn(director.id);
    const uploaded = await upload(testApp, signedIn, schoolId, file, fields);
    expect(uploaded.status, uploaded.text.slice(0, 500)).to.equal(303);
    const preview = await request(testApp.app).get(String(uploaded.headers.location)).set('Cookie', signedIn.cookie);
    expect(preview.status).to.equal(200);
    if (!preview.text.includes('name="digest"')) return preview.text;
    const applied = await request(testApp.app)
      .post(`${String(uploaded.headers.location)}/apply`)
      .set('Cookie', signedIn.cookie)
      .type('form')
      .send({ _csrf: signedIn.csrfToken, digest: digestOf(preview.text) });
    expect(applied.status, applied.text.slice(0, 300)).to.equal(303);
    return preview.text;
  }

  it('creates the demo school’s pupils and guardians in an empty school, the separated family’s restriction with its decision', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const director = await school.director();
    const preview = await importFile(school.id, director, rosterFixture('onde-demo-school.csv'));
    expect(preview).to.include('Aucun accès (décision)').and.to.include('JAF Paris, RG 25/04512');
    // A guardian–pupil pair is said in words, from the catalogs (an arrow points the wrong way right to left).
    expect(preview).to.include('Marc Petit, responsable de Léo Petit').and.not.to.include('→');

    const leo = await personOfSchool(school.id, 'pupil', 'Léo', 'Petit');
    expect(await linksOf(leo.id)).to.deep.equal([
      { guardian: 'Julie Petit', status: 'full', approval: 'approved', reference: null, effectiveTo: null },
      { guardian: 'Marc Petit', status: 'noAccess', approval: 'approved', reference: 'JAF Paris, RG 25/04512', effectiveTo: null },
    ]);
    const marc = (await testDataSource().query(
      "SELECT g.legalBasisKind AS kind, g.legalBasisDate AS date, g.source AS source FROM guardianship g JOIN person p ON p.id = g.guardianId WHERE g.childId = ? AND p.givenName = 'Marc'",
      [leo.id],
    )) as { kind: string; date: unknown; source: string }[];
    expect(marc.map((row) => [row.kind, String(row.date).slice(0, 10), row.source])).to.deep.equal([['courtDecision', '2025-06-12', 'roster']]);

    const counts = (await testDataSource().query(
      "SELECT role, COUNT(*) AS n FROM school_membership WHERE schoolId = ? GROUP BY role ORDER BY role",
      [school.id],
    )) as { role: string; n: number | string }[];
    const guardians = new Set(DEMO_FAMILIES.flatMap((family) => family.guardians.map((guardian) => `${guardian.givenName} ${guardian.familyName}`)));
    expect(counts.map((row) => [row.role, Number(row.n)])).to.deep.equal([['director', 1], ['parent', guardians.size], ['pupil', 40]]);
    // Siblings share their parents: one Rachid Benkirane, guardian of Amira and Yanis.
    const rachid = (await testDataSource().query(
      "SELECT COUNT(DISTINCT g.guardianId) AS people, COUNT(*) AS links FROM guardianship g JOIN person p ON p.id = g.guardianId WHERE g.schoolId = ? AND p.givenName = 'Rachid'",
      [school.id],
    )) as { people: number | string; links: number | string }[];
    expect([Number(rachid[0]!.people), Number(rachid[0]!.links)]).to.deep.equal([1, 2]);

    // Marc Petit sees no child; Julie Petit sees Léo.
    const marcPerson = await personOfSchool(school.id, 'parent', 'Marc', 'Petit');
    const home = await request(testApp.app).get('/home').set('Cookie', (await testApp.signIn(marcPerson.id)).cookie);
    expect(home.text).not.to.include('Léo');

    // Re-importing the same file changes nothing.
    const before = await identityRowsDigest({ sessions: false });
    const again = await importFile(school.id, director, rosterFixture('onde-demo-school.csv'));
    expect(again).to.include('Rien ne change');
    expect(await identityRowsDigest({ sessions: false })).to.deep.equal(before);
  });

  it('re-imports the demo school’s own records without touching anything: Marc Petit stays without access', async () => {
    const schoolId = await demoSchool();
    // Other tests import the demo school's file into other schools: people are looked up in the demo school only.
    const director = await personOfSchool(schoolId, 'director', 'Nathalie', 'Dubois');
    const leo = await personOfSchool(schoolId, 'pupil', 'Léo', 'Petit');
    const before = await identityRowsDigest({ sessions: false });
    const preview = await importFile(schoolId, director, rosterFixture('onde-demo-school.csv'));
    expect(preview).to.include('Rien ne change');
    expect(await identityRowsDigest({ sessions: false })).to.deep.equal(before);
    expect((await linksOf(leo.id)).map((link) => [link.guardian, link.status])).to.deep.equal([
      ['Julie Petit', 'full'],
      ['Marc Petit', 'noAccess'],
    ]);
  });

  it('never lifts a restriction: a file that says less keeps it, and says so in the preview', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const director = await school.director();
    const child = await school.pupil(await school.class('CP'), { givenName: 'Ilyes', familyName: 'Saidi', birthDate: '2019-02-02' });
    await school.guardian([child], { status: 'noAccess', legalBasis: true, person: await school.person({ givenName: 'Karim', familyName: 'Saidi' }) });
    const file = Buffer.from('Nom de famille élève;Prénom élève;Date naissance;Libellé classe;Nom responsable;Prénom responsable\nSaidi;Ilyes;02/02/2019;CP;Saidi;Karim\n');
    const preview = await importFile(school.id, director, file);
    expect(preview).to.include('restriction conservée');
    expect((await linksOf(child.id)).map((link) => link.status)).to.deep.equal(['noAccess']);
  });

  it('tightens a restriction the records state, closing the link in force and keeping its history', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const director = await school.director();
    const child = await school.pupil(await school.class('CE1'), { givenName: 'Maya', familyName: 'Roux', birthDate: '2018-05-05' });
    await school.guardian([child], { person: await school.person({ givenName: 'Hugo', familyName: 'Roux' }) });
    const file = Buffer.from(
      'Nom de famille élève;Prénom élève;Date naissance;Libellé classe;Nom responsable;Prénom responsable;Restriction;Référence décision;Date décision\n' +
        'Roux;Maya;05/05/2018;CE1;Roux;Hugo;Aucun accès;TJ Rennes, RG 26/00042;01/10/2026\n',
    );
    const preview = await importFile(school.id, director, file);
    expect(preview).to.include('devient').and.not.to.include('→');
    const history = await linksOf(child.id);
    expect(history.map((link) => [link.status, link.reference, link.effectiveTo === null])).to.deep.equal([
      ['full', null, false],
      ['noAccess', 'TJ Rennes, RG 26/00042', true],
    ]);
    const audit = (await testDataSource().query("SELECT action FROM audit_event WHERE schoolId = ? ORDER BY at", [school.id])) as { action: string }[];
    expect(audit.map((row) => row.action)).to.include('guardianship.statusChanged').and.to.include('roster.imported');
  });

  it('confirms a link ÉduConnect proposed when the school’s records list it', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const director = await school.director();
    const child = await school.pupil(await school.class('CM1'), { givenName: 'Noa', familyName: 'Pons', birthDate: '2016-01-01' });
    await school.guardian([child], { approval: 'pending', person: await school.person({ givenName: 'Léa', familyName: 'Pons' }) });
    await importFile(school.id, director, Buffer.from('Nom de famille élève;Prénom élève;Date naissance;Libellé classe;Nom responsable;Prénom responsable\nPons;Noa;01/01/2016;CM1;Pons;Léa\n'));
    expect((await linksOf(child.id)).map((link) => link.approval)).to.deep.equal(['approved']);
  });

  it('marks pupils missing from a whole-school file as having left', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const director = await school.director();
    const klass = await school.class('CP');
    const staying = await school.pupil(klass, { givenName: 'Rester', familyName: 'Ici', birthDate: '2019-01-01' });
    const leaving = await school.pupil(klass, { givenName: 'Partir', familyName: 'Ailleurs' });
    await importFile(school.id, director, Buffer.from('Nom de famille élève;Prénom élève;Date naissance;Libellé classe\nIci;Rester;01/01/2019;CP\n'), { wholeSchool: '1' });
    const memberships = (await testDataSource().query('SELECT personId, endedAt FROM school_membership WHERE schoolId = ? AND role = ?', [school.id, 'pupil'])) as {
      personId: string;
      endedAt: unknown;
    }[];
    expect(memberships.find((row) => row.personId === staying.id)!.endedAt).to.equal(null);
    expect(memberships.find((row) => row.personId === leaving.id)!.endedAt).not.to.equal(null);
  });

  it('refuses a file with problems, lists them, and keeps nothing', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const signedIn = await testApp.signIn((await school.director()).id);
    const before = await identityRowsDigest({ sessions: false });
    const file = Buffer.from('Nom de famille élève;Prénom élève;Date naissance;Libellé classe\nDurand;Alice;31/02/2020;CP\n');
    const page = await upload(testApp, signedIn, school.id, file);
    expect(page.status).to.equal(400);
    expect(page.text).to.include('Ligne 2').and.to.include('date incorrecte');
    const api = await upload(testApp, signedIn, school.id, file).set('Accept', 'application/json');
    expect(api.body.error.code).to.equal('ROSTER_FILE_INVALID');
    expect(api.body.error.fields).to.have.length(1);
    expect(api.body.error.fields[0]).to.deep.include({ field: 'line 2, Date naissance', problem: 'invalidDate' });
    expect(await testDataSource().getRepository(RosterImport).countBy({ schoolId: school.id })).to.equal(0);
    expect(await identityRowsDigest({ sessions: false })).to.deep.equal(before);
  });

  it('lets the director only import, and checks the form’s CSRF token', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const teacher = await school.teacher([await school.class()]);
    const asTeacher = await testApp.signIn(teacher.id);
    expect((await request(testApp.app).get(`/schools/${school.id}/roster-import`).set('Cookie', asTeacher.cookie)).status).to.equal(404);
    const file = rosterFixture('siecle-windows-1252.csv');
    expect((await upload(testApp, asTeacher, school.id, file, { preset: 'siecle' })).status).to.equal(404);
    const director = await testApp.signIn((await school.director()).id);
    const forged = await upload(testApp, { cookie: director.cookie, csrfToken: 'not-the-token' }, school.id, file, { preset: 'siecle' }).set('Accept', 'application/json');
    expect(forged.body.error.code).to.equal('CSRF_TOKEN_INVALID');
    expect(await testDataSource().getRepository(RosterImport).countBy({ schoolId: school.id })).to.equal(0);
  });

  it('refuses to apply a preview the school has changed since, and to apply twice', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const signedIn = await testApp.signIn((await school.director()).id);
    const uploaded = await upload(testApp, signedIn, school.id, rosterFixture('siecle-windows-1252.csv'), { preset: 'siecle' });
    const location = String(uploaded.headers.location);
    const digest = digestOf((await request(testApp.app).get(location).set('Cookie', signedIn.cookie)).text);
    await school.pupil(await school.class('5e A'), { givenName: 'Mathéo', familyName: 'LEFÈVRE', birthDate: '2013-05-03' });
    const before = await identityRowsDigest({ sessions: false });
    const stale = await request(testApp.app).post(`${location}/apply`).set('Cookie', signedIn.cookie).set('Accept', 'application/json').type('form').send({ _csrf: signedIn.csrfToken, digest });
    expect(stale.body.error.code).to.equal('ROSTER_PREVIEW_STALE');
    expect(await identityRowsDigest({ sessions: false })).to.deep.equal(before);

    const fresh = digestOf((await request(testApp.app).get(location).set('Cookie', signedIn.cookie)).text);
    const applied = await request(testApp.app).post(`${location}/apply`).set('Cookie', signedIn.cookie).type('form').send({ _csrf: signedIn.csrfToken, digest: fresh });
    expect(applied.status).to.equal(303);
    const twice = await request(testApp.app).post(`${location}/apply`).set('Cookie', signedIn.cookie).set('Accept', 'application/json').type('form').send({ _csrf: signedIn.csrfToken, digest: fresh });
    expect(twice.body.error.code).to.equal('ROSTER_ALREADY_APPLIED');
    const noemie = await personOfSchool(school.id, 'pupil', 'Noémie', 'GARÇON');
    expect((await linksOf(noemie.id)).map((link) => [link.guardian, link.status])).to.deep.equal([
      ['Cécile GARÇON', 'full'],
      ['Jérôme MÉNARD', 'noAccess'],
    ]);
    expect(await testDataSource().getRepository(Guardianship).countBy({ schoolId: school.id })).to.equal(5);
  });
});
