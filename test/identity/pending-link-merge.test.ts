import { expect } from 'chai';
import request from 'supertest';
import { Guardianship, Person } from '../../src/model/index.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { sessionCookie } from './cookies.js';
import { giveDirectoryKey } from './directory-keys.js';
import { educonnectAttributes } from './educonnect-accounts.js';
import { identityRowsDigest } from './identity-rows.js';
import { startSamlFixture, type SamlFixture } from './saml-setup.js';

/*
 * ÉduConnect proposes, by FrEduVecteur, a parent whose record the school's roster already holds
 * (the same names): approving the proposal would make them a second guardian record of the same
 * child. The pending-links page shows the likely match and lets the director merge the two — one
 * person, both identities — never silently.
 */

async function linksOf(childId: string) {
  const rows = await testDataSource().getRepository(Guardianship).find({ where: { childId }, order: { id: 'ASC' } });
  return rows.map((row) => ({ guardianId: row.guardianId, approval: row.approval, status: row.status }));
}

async function ownerOf(subject: string): Promise<string | undefined> {
  const rows = (await testDataSource().query('SELECT personId FROM external_identity WHERE subject = ?', [subject])) as { personId: string }[];
  return rows[0]?.personId;
}

async function personExists(id: string): Promise<boolean> {
  const rows = (await testDataSource().query('SELECT id FROM person WHERE id = ?', [id])) as unknown[];
  return rows.length > 0;
}

describe('a proposed parent the roster already holds under the same names', function () {
  this.timeout(60_000);
  let fixture: SamlFixture;
  before(async () => {
    fixture = await startSamlFixture();
  });
  after(() => fixture.stop());

  /** Léna, her mother Aïcha Benali as the school's records hold her, and Aïcha signing in with ÉduConnect, whose vector names Léna. */
  async function proposedByVector(label: string, extraVectors: (uai: string) => string[] = () => []) {
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class('CE1');
    const lena = await school.pupil(klass, { givenName: 'Léna', familyName: 'Benali' });
    await giveDirectoryKey(lena, `ELV-LENA-${label}`, school, 'pupil');
    const recorded = await school.guardian([lena], { person: await school.person({ givenName: 'Aïcha', familyName: 'Benali' }) });
    const subject = `ect-aicha-${label}`;
    fixture.idp.accounts.set(subject, {
      nameId: `transient-${subject}`,
      attributes: educonnectAttributes({
        id: subject,
        affiliation: 'resp1d',
        givenName: 'AICHA',
        familyName: 'BENALI',
        vectors: [`1|BENALI|AICHA|ELV-LENA-${label}|${school.school.uai}`, ...extraVectors(school.school.uai)],
      }),
    });
    const posted = await fixture.postResponse(fixture.idp.signIn(await fixture.startSignIn('/home'), subject).SAMLResponse);
    expect(posted.status, posted.text).to.equal(303);
    const proposedId = (await ownerOf(subject))!;
    expect(proposedId).to.be.a('string').and.not.to.equal(recorded.id);
    const pending = (await testDataSource().getRepository(Guardianship).findOneByOrFail({ guardianId: proposedId, childId: lena.id }));
    expect(pending.approval).to.equal('pending');
    const directorPerson = await school.director();
    const director = { ...(await fixture.testApp.signIn(directorPerson.id)), personId: directorPerson.id };
    return { school, klass, lena, recorded, subject, proposedId, pending, director, parentCookie: sessionCookie(posted)! };
  }

  it('shows the likely match on the pending-links page, and the merge makes one person with both identities, audited', async () => {
    const { school, lena, recorded, subject, proposedId, pending, director, parentCookie } = await proposedByVector('merge');
    const page = await request(fixture.testApp.app).get(`/schools/${school.id}/pending-links`).set('Cookie', director.cookie);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('AICHA BENALI').and.to.include('Probablement Aïcha Benali');
    expect(page.text).to.include(`/schools/${school.id}/pending-links/${pending.id}/merge`).and.to.include(`name="into" value="${recorded.id}"`);

    const merged = await request(fixture.testApp.app)
      .post(`/schools/${school.id}/pending-links/${pending.id}/merge`)
      .set('Cookie', director.cookie)
      .type('form')
      .send({ _csrf: director.csrfToken, into: recorded.id });
    expect(merged.status, merged.text).to.equal(303);
    expect(String(merged.headers.location)).to.match(/pending-links\?merged=1$/);

    expect(await ownerOf(subject), 'the ÉduConnect account is now the recorded person’s').to.equal(recorded.id);
    expect(await personExists(proposedId), 'no second person is left').to.equal(false);
    expect(await linksOf(lena.id), 'one guardian record of Léna, as the school recorded it').to.deep.equal([{ guardianId: recorded.id, approval: 'approved', status: 'full' }]);
    const audit = (await testDataSource().query("SELECT actorId, subjectId, detailJson FROM audit_event WHERE schoolId = ? AND action = 'guardianship.proposalMerged'", [school.id])) as {
      actorId: string;
      subjectId: string;
      detailJson: string;
    }[];
    expect(audit).to.have.length(1);
    expect(audit[0]!.actorId).to.equal(director.personId);
    expect(audit[0]!.subjectId).to.equal(recorded.id);
    expect(JSON.parse(audit[0]!.detailJson)).to.deep.include({ mergedPersonId: proposedId, linkId: pending.id, childId: lena.id, droppedLinkIds: [pending.id] });

    const after = await request(fixture.testApp.app).get(`/schools/${school.id}/pending-links?merged=1`).set('Cookie', director.cookie);
    expect(after.text).to.include('Les deux fiches sont réunies').and.not.to.include('AICHA BENALI');

    // The proposed person's session ended with them; the next sign-in opens the recorded person, who sees Léna.
    const stale = await request(fixture.testApp.app).get('/home').set('Cookie', parentCookie).set('Accept', 'application/json');
    expect(stale.status).to.equal(401);
    const again = await fixture.postResponse(fixture.idp.signIn(await fixture.startSignIn('/home'), subject).SAMLResponse);
    expect(again.status, again.text).to.equal(303);
    expect(await ownerOf(subject)).to.equal(recorded.id);
    const home = await request(fixture.testApp.app).get('/home').set('Cookie', sessionCookie(again)!);
    expect(home.status).to.equal(200);
    expect(home.text).to.include('Léna');
    expect(await linksOf(lena.id)).to.have.length(1);
  });

  it('moves a pending link to a child the recorded person has no link to, still pending', async () => {
    const { school, recorded, proposedId, pending, director } = await proposedByVector('sibling', (uai) => [`1|BENALI|AICHA|ELV-SAMI-sibling|${uai}`]);
    const sami = await school.pupil(await school.class('CM2'), { givenName: 'Sami', familyName: 'Benali' });
    await giveDirectoryKey(sami, 'ELV-SAMI-sibling', school, 'pupil');
    // Sami's record was imported after the first sign-in: a second one proposes him too.
    const again = await fixture.postResponse(fixture.idp.signIn(await fixture.startSignIn('/home'), 'ect-aicha-sibling').SAMLResponse);
    expect(again.status).to.equal(303);
    expect(await linksOf(sami.id)).to.deep.equal([{ guardianId: proposedId, approval: 'pending', status: 'full' }]);

    const merged = await request(fixture.testApp.app)
      .post(`/schools/${school.id}/pending-links/${pending.id}/merge`)
      .set('Cookie', director.cookie)
      .type('form')
      .send({ _csrf: director.csrfToken, into: recorded.id });
    expect(merged.status, merged.text).to.equal(303);
    expect(await linksOf(sami.id), 'still for the director to decide, now about the recorded person').to.deep.equal([{ guardianId: recorded.id, approval: 'pending', status: 'full' }]);
  });

  it('refuses a merge into someone who is not the likely match, and changes nothing', async () => {
    const { school, lena, pending, director } = await proposedByVector('other');
    const stranger = await school.guardian([lena], { person: await school.person({ givenName: 'Marc', familyName: 'Benali' }) });
    const before = await identityRowsDigest();
    const refused = await request(fixture.testApp.app)
      .post(`/schools/${school.id}/pending-links/${pending.id}/merge`)
      .set('Cookie', director.cookie)
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: director.csrfToken, into: stranger.id });
    expect(refused.status).to.equal(404);
    expect(refused.body.error.code).to.equal('NOT_FOUND');
    expect(await identityRowsDigest()).to.deep.equal(before);
  });

  it('refuses to merge a person who already holds a decided link, and changes nothing', async () => {
    const { school, recorded, proposedId, pending, director } = await proposedByVector('history');
    const other = await SchoolFactory.create(testDataSource());
    const nour = await other.pupil(await other.class());
    await other.guardian([nour], { person: await testDataSource().getRepository(Person).findOneByOrFail({ id: proposedId }) });
    const before = await identityRowsDigest();
    const refused = await request(fixture.testApp.app)
      .post(`/schools/${school.id}/pending-links/${pending.id}/merge`)
      .set('Cookie', director.cookie)
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: director.csrfToken, into: recorded.id });
    expect(refused.status).to.equal(409);
    expect(refused.body.error.code).to.equal('GUARDIAN_MERGE_REFUSED');
    expect(await identityRowsDigest()).to.deep.equal(before);
  });

  it('is for the director only: a teacher of the class gets NOT_FOUND', async () => {
    const { school, klass, recorded, pending } = await proposedByVector('teacher');
    const teacher = await fixture.testApp.signIn((await school.teacher([klass])).id);
    const before = await identityRowsDigest();
    const refused = await request(fixture.testApp.app)
      .post(`/schools/${school.id}/pending-links/${pending.id}/merge`)
      .set('Cookie', teacher.cookie)
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: teacher.csrfToken, into: recorded.id });
    expect(refused.status).to.equal(404);
    expect(await identityRowsDigest()).to.deep.equal(before);
  });
});
