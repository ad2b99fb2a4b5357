import { expect } from 'chai';
import request from 'supertest';
import { createTestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { digestOf, upload } from '../roster/roster-fixture.js';
import { giveDirectoryKey } from './directory-keys.js';
import { educonnectAttributes } from './educonnect-accounts.js';
import { startSamlFixture, type SamlFixture } from './saml-setup.js';

/*
 * Académie directory keys carry their kind (pupil, responsible adult) and belong to one school:
 * a key attaches an account only to someone holding the role its kind implies, in a school the
 * sign-in concerns; and the same digits imported by two schools are two keys, not a collision.
 */

async function personOf(subject: string): Promise<string | undefined> {
  const rows = (await testDataSource().query('SELECT personId FROM external_identity WHERE subject = ?', [subject])) as { personId: string }[];
  return rows[0]?.personId;
}

describe('directory keys at sign-in', function () {
  this.timeout(30_000);
  let fixture: SamlFixture;
  before(async () => {
    fixture = await startSamlFixture();
  });
  after(() => fixture.stop());

  async function signIn(login: string, account: Parameters<typeof educonnectAttributes>[0]): Promise<void> {
    fixture.idp.accounts.set(login, { nameId: `transient-${login}`, attributes: educonnectAttributes(account) });
    const posted = await fixture.postResponse(fixture.idp.signIn(await fixture.startSignIn(), login).SAMLResponse);
    expect(posted.status, posted.text).to.equal(303);
  }

  it('never attaches a responsible adult to a pupil holding the same digits', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const pupil = await school.pupil(await school.class('CM1'), { givenName: 'Inès', familyName: 'Vidal' });
    await giveDirectoryKey(pupil, '4711', school, 'pupil');
    await signIn('stranger', {
      id: 'ect-stranger-4711',
      affiliation: 'resp2d',
      givenName: 'Eve',
      familyName: 'STRANGER',
      refIds: ['{AAF}27|RESP|4711'],
      vectors: [`2|STRANGER|Eve|9999999|${school.school.uai}`],
    });
    const attached = await personOf('ect-stranger-4711');
    expect(attached).to.be.a('string').and.not.to.equal(pupil.id);
  });

  it('looks a key up only in the schools the sign-in concerns', async () => {
    const concerned = await SchoolFactory.create(testDataSource());
    const elsewhere = await SchoolFactory.create(testDataSource());
    const child = await elsewhere.pupil(await elsewhere.class());
    const parent = await elsewhere.guardian([child]);
    await giveDirectoryKey(parent, '5555', elsewhere, 'guardian');
    await signIn('other-academie', {
      id: 'ect-other-academie-5555',
      affiliation: 'resp1d',
      givenName: 'Léon',
      familyName: 'AUTRE',
      refIds: ['{AAF}27|RESP|5555'],
      vectors: [`1|AUTRE|Léon|8888888|${concerned.school.uai}`],
    });
    expect(await personOf('ect-other-academie-5555')).not.to.equal(parent.id);
  });

  it('attaches a responsible adult to the parent holding their key in the school the sign-in concerns (control)', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const child = await school.pupil(await school.class());
    const parent = await school.guardian([child]);
    await giveDirectoryKey(parent, '6666', school, 'guardian');
    await signIn('own-key', {
      id: 'ect-own-key-6666',
      affiliation: 'resp1d',
      givenName: 'Rose',
      familyName: 'PROPRE',
      refIds: ['{AAF}01|RESP|6666'],
      vectors: [`1|PROPRE|Rose|7777777|${school.school.uai}`],
    });
    expect(await personOf('ect-own-key-6666')).to.equal(parent.id);
  });
});

describe('directory keys imported by two schools', function () {
  this.timeout(60_000);

  it('lets a second school import a pupil id another school already holds: each school its own pupil', async () => {
    const testApp = createTestApp();
    const file = Buffer.from('ELEVE_ID;NOM DE FAMILLE;PRENOM;DIVISION;PERSONNE_ID RESP. LEG. 1;NOM RESP. LEG. 1;PRENOM RESP. LEG. 1\n900001;Durand;Alice;6A;700001;Durand;Marc\n');
    const pupils: string[] = [];
    for (const label of ['A', 'B']) {
      const school = await SchoolFactory.create(testDataSource());
      const signedIn = await testApp.signIn((await school.director()).id);
      const uploaded = await upload(testApp, signedIn, school.id, file, { preset: 'siecle' });
      const location = String(uploaded.headers.location);
      const preview = await request(testApp.app).get(location).set('Cookie', signedIn.cookie);
      const applied = await request(testApp.app)
        .post(`${location}/apply`)
        .set('Cookie', signedIn.cookie)
        .set('Accept', 'application/json')
        .type('form')
        .send({ _csrf: signedIn.csrfToken, digest: digestOf(preview.text) });
      expect(applied.status, `school ${label}: ${applied.text.slice(0, 200)}`).to.equal(303);
      const rows = (await testDataSource().query(
        "SELECT p.id AS id FROM person p JOIN school_membership m ON m.personId = p.id AND m.schoolId = ? AND m.role = 'pupil'",
        [school.id],
      )) as { id: string }[];
      expect(rows).to.have.length(1);
      pupils.push(rows[0]!.id);
    }
    expect(pupils[0]).not.to.equal(pupils[1]);
  });
});
