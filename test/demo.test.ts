import { expect } from 'chai';
import request from 'supertest';
import { DEMO_FAMILIES } from '../src/demo/demo-school-data.js';
import { createTestApp } from './support/app.js';
import { testConfig } from './support/config.js';
import { testDataSource } from './support/database.js';
import { demoPerson, demoSchool } from './support/demo.js';
import { SchoolFactory } from './support/factories.js';

interface Count {
  n: number | string;
}
const count = async (sql: string, params: unknown[]) => Number(((await testDataSource().query(sql, params)) as Count[])[0]!.n);

/** Signs in through the demo page, as a newcomer would, and returns the session cookie. */
async function demoSignIn(app: Parameters<typeof request>[0], personId: string): Promise<string> {
  const page = await request(app).get('/demo');
  const cookie = page.headers['set-cookie']![0]!.split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
  const response = await request(app).post('/demo/sign-in').set('Cookie', cookie).type('form').send({ _csrf: csrf, personId });
  expect(response.status).to.equal(303);
  expect(response.headers.location).to.equal('/home');
  const renewed = response.headers['set-cookie']![0]!.split(';')[0]!;
  expect(renewed, 'signing in must issue a new session token').not.to.equal(cookie);
  return renewed;
}

describe('demo school', () => {
  before(async () => {
    await demoSchool();
  });

  it('has two classes, three teachers, a director, forty children and their guardians', async () => {
    const schoolId = await demoSchool();
    expect(await count('SELECT COUNT(*) AS n FROM school_class WHERE schoolId = ?', [schoolId])).to.equal(2);
    expect(await count("SELECT COUNT(*) AS n FROM school_membership WHERE schoolId = ? AND role = 'teacher'", [schoolId])).to.equal(3);
    expect(await count("SELECT COUNT(*) AS n FROM school_membership WHERE schoolId = ? AND role = 'director'", [schoolId])).to.equal(1);
    expect(await count('SELECT COUNT(*) AS n FROM enrolment WHERE schoolId = ?', [schoolId])).to.equal(40);
    const guardians = DEMO_FAMILIES.reduce((sum, family) => sum + family.guardians.length, 0);
    expect(await count("SELECT COUNT(*) AS n FROM school_membership WHERE schoolId = ? AND role = 'parent'", [schoolId])).to.equal(guardians);
  });

  it('includes a separated family with a no-access guardian, backed by a court decision', async () => {
    const father = await demoPerson('Marc', 'Petit');
    const rows = (await testDataSource().query('SELECT status, legalBasisKind, legalBasisReference FROM guardianship WHERE guardianId = ?', [
      father.id,
    ])) as { status: string; legalBasisKind: string; legalBasisReference: string }[];
    expect(rows).to.deep.equal([{ status: 'noAccess', legalBasisKind: 'courtDecision', legalBasisReference: 'JAF Paris, RG 25/04512' }]);
  });

  it('includes a child without image-rights consent', async () => {
    const lina = await demoPerson('Lina', 'Haddad');
    const rows = (await testDataSource().query('SELECT scope FROM image_consent WHERE childId = ?', [lina.id])) as { scope: string }[];
    expect(rows).to.deep.equal([{ scope: 'none' }]);
  });

  it('shows every demo parent exactly their own children, and no child to a no-access parent', async () => {
    const { app } = createTestApp();
    for (const family of DEMO_FAMILIES) {
      for (const guardian of family.guardians) {
        const person = await demoPerson(guardian.givenName, guardian.familyName);
        const cookie = await demoSignIn(app, person.id);
        const response = await request(app).get('/api/v1/children').set('Cookie', cookie);
        const seen = (response.body.children as { givenName: string }[]).map((child) => child.givenName).sort();
        const expected = guardian.status === 'noAccess' ? [] : family.children.map((child) => child.givenName).sort();
        expect(seen, `${guardian.givenName} ${guardian.familyName}`).to.deep.equal(expected);
      }
    }
  });

  it('shows a teacher their class only, and hides the other class', async () => {
    const { app } = createTestApp();
    const cookie = await demoSignIn(app, (await demoPerson('Claire', 'Martin')).id);
    const home = await request(app).get('/home').set('Cookie', cookie);
    expect(home.text).to.include('Grande section — Les Hiboux').and.not.to.include('CE2 A');
    const classes = (await request(app).get('/api/v1/classes').set('Cookie', cookie)).body.classes as { id: string; name: string }[];
    expect(classes.map((klass) => klass.name)).to.deep.equal(['Grande section — Les Hiboux']);

    const schoolId = await demoSchool();
    const other = (await testDataSource().query("SELECT id FROM school_class WHERE schoolId = ? AND name = 'CE2 A'", [schoolId])) as {
      id: string;
    }[];
    expect((await request(app).get(`/classes/${other[0]!.id}`).set('Cookie', cookie)).status).to.equal(404);
    const roster = await request(app).get(`/classes/${classes[0]!.id}`).set('Cookie', cookie);
    expect(roster.status).to.equal(200);
    expect(roster.text).to.include('Petit Léo').and.to.include('Haddad Lina').and.not.to.include('Ortega Tom');
  });

  it('shows the director both classes and the change log', async () => {
    const { app } = createTestApp();
    const cookie = await demoSignIn(app, (await demoPerson('Nathalie', 'Dubois')).id);
    const home = await request(app).get('/home').set('Cookie', cookie);
    expect(home.text).to.include('Grande section — Les Hiboux').and.to.include('CE2 A').and.to.include('Journal des modifications');
  });

  it('takes a person back to the page that asked them to sign in, never elsewhere', async () => {
    const { app } = createTestApp();
    const director = await demoPerson('Nathalie', 'Dubois');
    for (const [next, expected] of [
      ['/pupils/00000000-0000-4000-8000-000000000000', '/pupils/00000000-0000-4000-8000-000000000000'],
      ['https://evil.example/', '/home'],
    ]) {
      const page = await request(app).get(`/demo?next=${encodeURIComponent(next!)}`);
      expect(page.text).to.include(`name="next" value="${next}"`);
      const cookie = page.headers['set-cookie']![0]!.split(';')[0]!;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
      const response = await request(app).post('/demo/sign-in').set('Cookie', cookie).type('form').send({ _csrf: csrf, personId: director.id, next });
      expect(response.headers.location).to.equal(expected);
    }
  });

  it('opens the session in the person’s preferred language', async () => {
    const { app } = createTestApp();
    const cookie = await demoSignIn(app, (await demoPerson('María', 'García')).id);
    const home = await request(app).get('/home').set('Cookie', cookie);
    expect(home.text).to.include('<html lang="es" dir="ltr">').and.to.include('Hola, María').and.to.include('Mis hijos');
    const arabic = await demoSignIn(app, (await demoPerson('Nadia', 'Haddad')).id);
    expect((await request(app).get('/home').set('Cookie', arabic)).text).to.include('<html lang="ar" dir="rtl">');
  });

  it('refuses demo sign-in in production, and for anyone outside a demo school', async () => {
    const production = createTestApp({
      config: testConfig({ ECARNET_MODE: 'production', ECARNET_SECRET_KEY: 's'.repeat(40), ECARNET_BASE_URL: 'https://e.example.fr' }),
    });
    const page = await request(production.app).get('/demo').set('Accept', 'application/json');
    expect(page.status).to.equal(403);
    expect(page.body.error.code).to.equal('DEMO_SIGN_IN_DISABLED');
    const director = await demoPerson('Nathalie', 'Dubois');
    const session = await production.signIn((await (await SchoolFactory.create(testDataSource())).director()).id);
    const post = await request(production.app)
      .post('/demo/sign-in')
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrfToken)
      .set('Accept', 'application/json')
      .send({ personId: director.id });
    expect(post.status).to.equal(403);
    expect(post.body.error.code).to.equal('DEMO_SIGN_IN_DISABLED');

    const { app } = createTestApp();
    const school = await SchoolFactory.create(testDataSource());
    const realDirector = await school.director();
    const demoPage = await request(app).get('/demo');
    const demoCookie = demoPage.headers['set-cookie']![0]!.split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(demoPage.text)![1]!;
    const refused = await request(app)
      .post('/demo/sign-in')
      .set('Cookie', demoCookie)
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: token, personId: realDirector.id });
    expect(refused.status).to.equal(403);
    expect(refused.body.error.code).to.equal('DEMO_SIGN_IN_DISABLED');

    // Someone of the demo school who also belongs to a real one is not a demo person either.
    const both = await demoPerson('Olivier', 'Lambert');
    await school.member(both, 'parent');
    const mixed = await request(app)
      .post('/demo/sign-in')
      .set('Cookie', demoCookie)
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: token, personId: both.id });
    expect(mixed.body.error.code).to.equal('DEMO_SIGN_IN_DISABLED');
  });
});
