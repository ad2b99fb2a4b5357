import { expect } from 'chai';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../support/app.js';
import { personId, privateDemoSchool } from './demo-school.js';

interface FamilyJson {
  guardianId: string;
  guardianName: string;
  classId: string;
  className: string;
  childNames: string[];
  reasons: string[];
  suggestion: string;
  lastAction: { action: string; at: string } | null;
}

const families = async (test: TestApp, schoolId: string, cookie: string): Promise<FamilyJson[]> => {
  const answer = await request(test.app).get(`/api/v1/schools/${schoolId}/engagement/families`).set('Cookie', cookie).set('Accept', 'application/json');
  expect(answer.status).to.equal(200);
  return (answer.body as { families: FamilyJson[] }).families;
};

describe('families to reach', () => {
  let dataSource: DataSource;
  let schoolId: string;
  let test: TestApp;

  before(async () => {
    ({ dataSource, schoolId } = await privateDemoSchool());
    test = createTestApp({ dataSource });
    test.clock.set('2026-11-05T10:00:00.000Z');
    // Julie Petit signed in: she is no longer "never connected".
    await test.signIn(await personId(dataSource, 'Julie', 'Petit'));
  });

  after(async () => {
    await dataSource.destroy();
  });

  it('lists a teacher’s own classes only, the director every class, each with a suggested action', async () => {
    const director = await test.signIn(await personId(dataSource, 'Nathalie', 'Dubois'));
    const gsTeacher = await test.signIn(await personId(dataSource, 'Claire', 'Martin'));
    const ce2Teacher = await test.signIn(await personId(dataSource, 'Karim', 'Benali'));
    const all = await families(test, schoolId, director.cookie);
    const gs = await families(test, schoolId, gsTeacher.cookie);
    const ce2 = await families(test, schoolId, ce2Teacher.cookie);

    expect(new Set(gs.map((family) => family.className))).to.deep.equal(new Set(['Grande section — Les Hiboux']));
    expect(new Set(ce2.map((family) => family.className))).to.deep.equal(new Set(['CE2 A']));
    expect(all).to.have.length(gs.length + ce2.length);
    expect(gs).not.to.deep.equal(ce2);
    // 33 GS guardians, Julie signed in (and has an e-mail address): 32 left; CE2: its 33 guardians, none connected.
    expect(gs).to.have.length(32);
    expect(gs.map((family) => family.guardianName)).not.to.include('Julie Petit');
    // Marc Petit is kept away by a court decision: he is not a family the school writes to.
    expect(all.map((family) => family.guardianName)).not.to.include('Marc Petit');
    const aminata = gs.find((family) => family.guardianName === 'Aminata Diallo')!;
    expect(aminata).to.deep.include({ reasons: ['neverConnected', 'noEmail'], suggestion: 'meet', childNames: ['Adam'] });
    expect(gs.find((family) => family.guardianName === 'Nadia Haddad')).to.deep.include({ reasons: ['neverConnected'], suggestion: 'qrSheet' });
    // Siblings: Rachid Benkirane appears once per class, with the child of that class.
    expect(all.filter((family) => family.guardianName === 'Rachid Benkirane').map((family) => family.childNames)).to.deep.equal([['Yanis'], ['Amira']]);
  });

  it('records an action taken, with its audit record, for the classes one may act for only', async () => {
    const gsTeacher = await test.signIn(await personId(dataSource, 'Claire', 'Martin'));
    const before = await families(test, schoolId, gsTeacher.cookie);
    const aminata = before.find((family) => family.guardianName === 'Aminata Diallo')!;
    expect(aminata.lastAction).to.equal(null);

    const page = await request(test.app).get(`/schools/${schoolId}/engagement/families`).set('Cookie', gsTeacher.cookie).set('Accept', 'text/html');
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Aminata Diallo').and.to.include('Action conseillée : rencontrer la famille');
    const posted = await request(test.app)
      .post(`/schools/${schoolId}/engagement/families/${aminata.guardianId}/actions`)
      .set('Cookie', gsTeacher.cookie)
      .type('form')
      .send({ _csrf: gsTeacher.csrfToken, classId: aminata.classId, action: 'meet', note: 'Rendez-vous mardi 16 h 30' });
    expect(posted.status).to.equal(303);
    expect(posted.headers.location).to.match(/engagement\/families\?recorded=1$/);

    const after = await families(test, schoolId, gsTeacher.cookie);
    expect(after.find((family) => family.guardianId === aminata.guardianId)!.lastAction).to.deep.include({ action: 'meet' });
    const audit = (await dataSource.query("SELECT actorId, subjectId, detailJson FROM audit_event WHERE action = 'engagement.reachActionRecorded'")) as {
      actorId: string;
      subjectId: string;
      detailJson: string;
    }[];
    expect(audit).to.have.length(1);
    expect(audit[0]).to.deep.include({ subjectId: aminata.guardianId });
    expect(JSON.parse(audit[0]!.detailJson)).to.deep.equal({ action: 'meet', classId: aminata.classId });

    // The CE2 teacher may not act for a GS family, nor for a CE2 class with a GS guardian.
    const ce2Teacher = await test.signIn(await personId(dataSource, 'Karim', 'Benali'));
    const ce2Class = (await families(test, schoolId, ce2Teacher.cookie))[0]!.classId;
    for (const classId of [aminata.classId, ce2Class]) {
      const refused = await request(test.app)
        .post(`/api/v1/schools/${schoolId}/engagement/families/${aminata.guardianId}/actions`)
        .set('Cookie', ce2Teacher.cookie)
        .set('X-CSRF-Token', ce2Teacher.csrfToken)
        .send({ classId, action: 'call' });
      expect(refused.status).to.equal(404);
    }
    const invalid = await request(test.app)
      .post(`/api/v1/schools/${schoolId}/engagement/families/${aminata.guardianId}/actions`)
      .set('Cookie', gsTeacher.cookie)
      .set('X-CSRF-Token', gsTeacher.csrfToken)
      .send({ classId: aminata.classId, action: 'shout' });
    expect(invalid.status).to.equal(400);
    expect((invalid.body as { error: { code: string } }).error.code).to.equal('VALIDATION_FAILED');
    const count = (await dataSource.query('SELECT COUNT(*) AS n FROM reach_action')) as { n: number | string }[];
    expect(Number(count[0]!.n)).to.equal(1);
  });
});
