import { expect } from 'chai';
import supertest from 'supertest';
import { AuditEvent, Enrolment, RetentionHold, School } from '../../src/model/index.js';
import { readSchoolSettings } from '../../src/model/school-settings.js';
import { createTestApp, type SignedIn } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

describe('the director’s retention page', () => {
  async function setUp() {
    const test = createTestApp();
    test.clock.set('2027-07-10T08:00:00.000Z');
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    const teacher = await school.teacher([klass]);
    const director = await school.director();
    const leaving = await school.pupil(klass, { givenName: 'Amira', familyName: 'Haddad' });
    await testDataSource().getRepository(Enrolment).update({ pupilId: leaving.id }, { endedAt: new Date('2027-07-04T15:00:00.000Z') });
    const post = (session: SignedIn, url: string, form: Record<string, string>) =>
      supertest(test.app).post(url).set('Cookie', session.cookie).type('form').send({ ...form, _csrf: session.csrfToken });
    const get = (session: SignedIn, url: string) => supertest(test.app).get(url).set('Cookie', session.cookie);
    return { test, school, teacher, director, leaving, post, get };
  }
  const delayOf = async (schoolId: string) => readSchoolSettings(await testDataSource().getRepository(School).findOneByOrFail({ id: schoolId })).retentionDaysAfterLeaving;

  it('shows the director who left and when their data goes; anyone else gets NOT_FOUND', async () => {
    const { test, school, teacher, director, get } = await setUp();
    const page = await get(await test.signIn(director.id), `/schools/${school.id}/retention`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Amira Haddad');
    // Left on 4 July 2027, deleted three months (90 days) later.
    expect(page.text).to.contain('2 octobre 2027');
    expect(page.text).to.contain('90 jours après le départ');
    const refused = await get(await test.signIn(teacher.id), `/schools/${school.id}/retention`).set('Accept', 'application/json');
    expect(refused.status).to.equal(404);
  });

  it('refuses a delay outside the legal bounds with its code and changes nothing; a delay within them is saved and audited', async () => {
    const { test, school, director, post, get } = await setUp();
    const session = await test.signIn(director.id);
    for (const days of ['29', '366', 'abc']) {
      const refused = await post(session, `/schools/${school.id}/retention/delay`, { retentionDaysAfterLeaving: days });
      expect(refused.status, days).to.equal(400);
      expect(refused.text).to.contain('choisissez entre 30 et 365 jours');
      expect(await delayOf(school.id)).to.equal(90);
    }
    const saved = await post(session, `/schools/${school.id}/retention/delay`, { retentionDaysAfterLeaving: '30' });
    expect(saved.status).to.equal(303);
    expect(await delayOf(school.id)).to.equal(30);
    const audit = await testDataSource().getRepository(AuditEvent).findOneByOrFail({ schoolId: school.id, action: 'retention.delayChanged' });
    expect(JSON.parse(audit.detailJson)).to.deep.equal({ before: 90, after: 30 });
    // The page now says the new date: 30 days after 4 July.
    expect((await get(session, `/schools/${school.id}/retention`)).text).to.contain('3 août 2027');
  });

  it('refuses a legal hold without a reason; with one, suspends the deletion until released', async () => {
    const { test, school, director, leaving, post, get } = await setUp();
    const session = await test.signIn(director.id);
    const refused = await post(session, `/schools/${school.id}/retention/holds`, { pupilId: leaving.id, reason: '   ' });
    expect(refused.status).to.equal(400);
    expect(refused.text).to.contain('Indiquez le motif de la conservation');
    expect(await testDataSource().getRepository(RetentionHold).countBy({ pupilId: leaving.id })).to.equal(0);

    expect((await post(session, `/schools/${school.id}/retention/holds`, { pupilId: leaving.id, reason: 'Réquisition du parquet' })).status).to.equal(303);
    const hold = await testDataSource().getRepository(RetentionHold).findOneByOrFail({ pupilId: leaving.id });
    expect(hold).to.include({ reason: 'Réquisition du parquet', placedById: director.id, releasedAt: null });
    const page = await get(session, `/schools/${school.id}/retention`);
    expect(page.text).to.contain('Suppression suspendue');
    expect(page.text).to.contain('Réquisition du parquet');

    expect((await post(session, `/schools/${school.id}/retention/holds/${hold.id}/release`, {})).status).to.equal(303);
    expect((await testDataSource().getRepository(RetentionHold).findOneByOrFail({ id: hold.id })).releasedById).to.equal(director.id);
    const actions = (await testDataSource().getRepository(AuditEvent).findBy({ schoolId: school.id, subjectId: leaving.id })).map((event) => event.action).sort();
    expect(actions).to.deep.equal(['retention.holdPlaced', 'retention.holdReleased']);
  });

  it('refuses a hold on a child who was never a pupil of the school', async () => {
    const { test, school, director, post } = await setUp();
    const elsewhere = await SchoolFactory.create(testDataSource());
    const stranger = await elsewhere.pupil(await elsewhere.class());
    const refused = await post(await test.signIn(director.id), `/schools/${school.id}/retention/holds`, { pupilId: stranger.id, reason: 'Plainte' }).set('Accept', 'application/json');
    expect(refused.status).to.equal(404);
    expect(await testDataSource().getRepository(RetentionHold).countBy({ pupilId: stranger.id })).to.equal(0);
  });
});
