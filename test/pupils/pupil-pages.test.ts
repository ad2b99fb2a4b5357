import { expect } from 'chai';
import request from 'supertest';
import { readInstant } from '../../src/db/sql-values.js';
import { createTestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

/** A class with a separated family: mother (full), father (full), and an unrelated family. */
async function separatedFamily() {
  const school = await SchoolFactory.create(testDataSource());
  const klass = await school.class();
  const otherClass = await school.class();
  const child = await school.pupil(klass);
  const mother = await school.guardian([child]);
  const father = await school.guardian([child]);
  const otherChild = await school.pupil(klass);
  const otherParent = await school.guardian([otherChild]);
  const teacher = await school.teacher([klass]);
  const otherTeacher = await school.teacher([otherClass]);
  const director = await school.director();
  return { school, klass, child, mother, father, otherChild, otherParent, teacher, otherTeacher, director };
}

describe('pupil pages and decisions', () => {
  it('shows a guardian their own link only, never the other parent’s', async () => {
    const world = await separatedFamily();
    const { app, signIn } = createTestApp();
    const { cookie } = await signIn(world.mother.id);
    const profile = (await request(app).get(`/api/v1/pupils/${world.child.id}`).set('Cookie', cookie)).body;
    expect(profile.guardians.map((g: { guardianId: string }) => g.guardianId)).to.deep.equal([world.mother.id]);
    expect(profile.guardians[0].legalBasis).to.equal(null);
    expect(profile.canViewPortfolio).to.equal(true);
  });

  it('answers NOT_FOUND for another family’s child, the same as for a child that does not exist', async () => {
    const world = await separatedFamily();
    const { app, signIn } = createTestApp();
    const { cookie } = await signIn(world.otherParent.id);
    const other = await request(app).get(`/api/v1/pupils/${world.child.id}`).set('Cookie', cookie);
    const missing = await request(app).get('/api/v1/pupils/3f1d2c4b-0000-4000-8000-000000000000').set('Cookie', cookie);
    expect(other.status).to.equal(404);
    expect(other.body).to.deep.equal(missing.body);
    const page = await request(app).get(`/pupils/${world.child.id}`).set('Cookie', cookie);
    expect(page.status).to.equal(404);
    expect(page.text).not.to.include(world.child.givenName);
  });

  it('lets a teacher see the class’s guardians and statuses but not the court reference', async () => {
    const world = await separatedFamily();
    const restricted = await world.school.guardian([world.child], { status: 'noAccess', legalBasis: true });
    const { app, signIn } = createTestApp();
    const teacher = await signIn(world.teacher.id);
    const roster = (await request(app).get(`/api/v1/classes/${world.klass.id}/pupils`).set('Cookie', teacher.cookie)).body;
    const row = roster.pupils.find((pupil: { id: string }) => pupil.id === world.child.id);
    const link = row.guardians.find((g: { guardianId: string }) => g.guardianId === restricted.id);
    expect(link.status).to.equal('noAccess');
    expect(link.legalBasis).to.equal(null);
    expect(link.canUpdate).to.equal(false);

    const director = await signIn(world.director.id);
    const seenByDirector = (await request(app).get(`/api/v1/pupils/${world.child.id}`).set('Cookie', director.cookie)).body;
    const directorLink = seenByDirector.guardians.find((g: { guardianId: string }) => g.guardianId === restricted.id);
    expect(directorLink.legalBasis).to.deep.equal({ kind: 'courtDecision', reference: 'TJ Lyon, RG 26/00001', date: '2026-01-15' });
    expect(directorLink.canUpdate).to.equal(true);

    const otherTeacher = await signIn(world.otherTeacher.id);
    expect((await request(app).get(`/api/v1/classes/${world.klass.id}/pupils`).set('Cookie', otherTeacher.cookie)).status).to.equal(404);
  });

  it('takes a guardian’s access away on their next request once the director saves the decision (page form)', async () => {
    const world = await separatedFamily();
    const { app, signIn } = createTestApp();
    const father = await signIn(world.father.id);
    expect((await request(app).get(`/pupils/${world.child.id}`).set('Cookie', father.cookie)).status).to.equal(200);

    const director = await signIn(world.director.id);
    const page = await request(app).get(`/pupils/${world.child.id}`).set('Cookie', director.cookie);
    expect(page.text).to.include(`/pupils/${world.child.id}/guardians/${world.father.id}/status`);
    const saved = await request(app)
      .post(`/pupils/${world.child.id}/guardians/${world.father.id}/status`)
      .set('Cookie', director.cookie)
      .type('form')
      .send({
        _csrf: director.csrfToken,
        status: 'noAccess',
        legalBasisKind: 'courtDecision',
        legalBasisReference: 'JAF Bobigny, RG 26/4411',
        legalBasisDate: '2026-11-19',
      });
    expect(saved.status).to.equal(303);
    expect(saved.headers.location).to.equal(`/pupils/${world.child.id}?saved=1`);

    // The father's session is still open: his very next requests are refused.
    expect((await request(app).get(`/pupils/${world.child.id}`).set('Cookie', father.cookie)).status).to.equal(404);
    const children = (await request(app).get('/api/v1/children').set('Cookie', father.cookie)).body.children;
    expect(children).to.deep.equal([]);
    const home = await request(app).get('/home').set('Cookie', father.cookie);
    expect(home.text).not.to.include(world.child.givenName);

    const audit = (await request(app).get(`/api/v1/schools/${world.school.id}/audit-events`).set('Cookie', director.cookie)).body;
    expect(audit.events[0]).to.deep.include({ action: 'guardianship.statusChanged', actorId: world.director.id });
  });

  it('does not let a teacher or a parent change a guardian’s status', async () => {
    const world = await separatedFamily();
    const { app, signIn } = createTestApp();
    for (const person of [world.teacher, world.mother]) {
      const { cookie, csrfToken } = await signIn(person.id);
      const response = await request(app)
        .put(`/api/v1/pupils/${world.child.id}/guardians/${world.father.id}/status`)
        .set('Cookie', cookie)
        .set('X-CSRF-Token', csrfToken)
        .send({ status: 'noAccess', legalBasisKind: 'other', legalBasisReference: 'note', legalBasisDate: '2026-11-01' });
      expect(response.status, person.id).to.equal(403);
      expect(response.body.error.code).to.equal('FORBIDDEN');
    }
    const rows = (await testDataSource().query('SELECT status FROM guardianship WHERE guardianId = ?', [world.father.id])) as {
      status: string;
    }[];
    expect(rows).to.deep.equal([{ status: 'full' }]);
  });

  it('refuses a consent whose end date has passed, in the school’s time zone, and changes nothing', async () => {
    const world = await separatedFamily();
    const { app, signIn, clock } = createTestApp();
    clock.set('2026-11-20T23:30:00.000Z'); // 00:30 on the 21st in Paris: the 20th is over there
    const mother = await signIn(world.mother.id);
    const refused = await request(app)
      .put(`/api/v1/pupils/${world.child.id}/image-consent`)
      .set('Cookie', mother.cookie)
      .set('X-CSRF-Token', mother.csrfToken)
      .set('Accept-Language', 'en')
      .send({ scope: 'none', validTo: '2026-11-20' });
    expect(refused.status).to.equal(400);
    expect(refused.body.error.fields).to.deep.equal([{ field: 'validTo', problem: 'inThePast', message: 'This date has already passed.' }]);
    const rows = (await testDataSource().query('SELECT id FROM image_consent WHERE childId = ?', [world.child.id])) as unknown[];
    expect(rows).to.have.length(0);
    const lastMinute = await request(app)
      .put(`/api/v1/pupils/${world.child.id}/image-consent`)
      .set('Cookie', mother.cookie)
      .set('X-CSRF-Token', mother.csrfToken)
      .send({ scope: 'none', validTo: '2026-11-21' });
    expect(lastMinute.status).to.equal(204);
    const stored = (await testDataSource().query('SELECT validTo FROM image_consent WHERE childId = ?', [world.child.id])) as { validTo: unknown }[];
    expect(readInstant(stored[0]!.validTo).toISOString()).to.equal('2026-11-21T22:59:59.999Z');
  });

  it('keeps the director’s typed values and marks the fields at fault when the legal basis is incomplete', async () => {
    const world = await separatedFamily();
    const { app, signIn } = createTestApp();
    const director = await signIn(world.director.id);
    const page = await request(app)
      .post(`/pupils/${world.child.id}/guardians/${world.father.id}/status`)
      .set('Cookie', director.cookie)
      .type('form')
      .send({ _csrf: director.csrfToken, status: 'full', legalBasisReference: 'JAF Rennes, RG 26/12' });
    expect(page.status).to.equal(400);
    expect(page.text).to.include(`id="legalBasisDate-${world.father.id}-error">Ce champ est obligatoire.`);
    expect(page.text).to.include(`id="legalBasisKind-${world.father.id}-error">Ce champ est obligatoire.`);
    expect(page.text).to.include('value="JAF Rennes, RG 26/12"');
    expect(page.text).not.to.include(`id="legalBasisReference-${world.father.id}-error"`);
    const rows = (await testDataSource().query('SELECT status FROM guardianship WHERE guardianId = ?', [world.father.id])) as unknown[];
    expect(rows).to.have.length(1);
  });

  it('lets a guardian with full authority give image-rights consent online, but not one with information only', async () => {
    const world = await separatedFamily();
    const informed = await world.school.guardian([world.child], { status: 'informationOnly', legalBasis: true });
    const { app, signIn } = createTestApp();
    const mother = await signIn(world.mother.id);
    const given = await request(app)
      .put(`/api/v1/pupils/${world.child.id}/image-consent`)
      .set('Cookie', mother.cookie)
      .set('X-CSRF-Token', mother.csrfToken)
      .send({ scope: 'ownFamily' });
    expect(given.status).to.equal(204);
    const profile = (await request(app).get(`/api/v1/pupils/${world.child.id}`).set('Cookie', mother.cookie)).body;
    const everyPurpose = (yourChoice: string | null) =>
      ['portfolio', 'classMoments', 'printedDocuments'].map((purpose) => ({ purpose, scope: 'ownFamily', yourChoice, disagreement: false }));
    expect(profile.imageConsent).to.deep.equal({ scope: 'ownFamily', canUpdate: true, purposes: everyPurpose('ownFamily') });
    const rows = (await testDataSource().query('SELECT givenById FROM image_consent WHERE childId = ?', [world.child.id])) as {
      givenById: string;
    }[];
    expect(rows).to.deep.equal([{ givenById: world.mother.id }]);

    const info = await signIn(informed.id);
    const refused = await request(app)
      .put(`/api/v1/pupils/${world.child.id}/image-consent`)
      .set('Cookie', info.cookie)
      .set('X-CSRF-Token', info.csrfToken)
      .send({ scope: 'school' });
    expect(refused.status).to.equal(403);
    expect(refused.body.error.code).to.equal('CONSENT_NOT_PARENTAL_AUTHORITY');
    expect((await request(app).get(`/api/v1/pupils/${world.child.id}`).set('Cookie', info.cookie)).body.imageConsent).to.deep.equal({
      scope: 'ownFamily',
      canUpdate: false,
      purposes: everyPurpose(null),
    });
  });

  it('asks staff who copy a paper form to say which document, through the page form', async () => {
    const world = await separatedFamily();
    const { app, signIn } = createTestApp();
    const teacher = await signIn(world.teacher.id);
    const url = `/pupils/${world.child.id}/image-consent`;
    const missing = await request(app)
      .post(url)
      .set('Cookie', teacher.cookie)
      .type('form')
      .send({ _csrf: teacher.csrfToken, scope: 'class', validTo: '2027-07-05' });
    // The page comes back with the form open, the error beside the field, and what was typed kept.
    expect(missing.status).to.equal(400);
    expect(missing.text).to.include('Justificatif (ex. formulaire papier du 4 septembre) : Ce champ est obligatoire.');
    expect(missing.text).to.include('<p class="field-error" id="consent-evidence-error">Ce champ est obligatoire.</p>');
    expect(missing.text).to.include('aria-describedby="consent-evidence-error"');
    expect(missing.text).to.include('value="2027-07-05"').and.to.include('value="class" checked');
    const saved = await request(app)
      .post(url)
      .set('Cookie', teacher.cookie)
      .type('form')
      .send({ _csrf: teacher.csrfToken, scope: 'class', evidence: 'Formulaire signé le 2026-09-04', validTo: '2027-07-05' });
    expect(saved.status).to.equal(303);
    const roster = (await request(app).get(`/api/v1/classes/${world.klass.id}/pupils`).set('Cookie', teacher.cookie)).body;
    expect(roster.pupils.find((p: { id: string }) => p.id === world.child.id).imageConsent).to.equal('class');
  });
});
