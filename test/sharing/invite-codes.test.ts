import { expect } from 'chai';
import supertest from 'supertest';
import { Guardianship, type Person } from '../../src/model/index.js';
import { createTestApp, type SignedIn, type TestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

/** The code shown once on the child's page after the teacher created it. */
function inviteCodeIn(html: string): string {
  const match = /class="invite-code">([A-Z0-9-]+)</.exec(html);
  if (!match) throw new Error('no invite code on the page');
  return match[1]!;
}

describe('sharing: invite codes attach a parent’s existing account, pending the school’s approval', () => {
  let test: TestApp;
  let request: ReturnType<typeof supertest>;
  let school: SchoolFactory;
  let teacher: SignedIn;
  let pupilId: string;
  let pupil: Person;
  let klassId: string;

  before(async () => {
    test = createTestApp();
    test.clock.set('2026-11-20T09:00:00.000Z');
    request = supertest(test.app);
    school = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    klassId = klass.id;
    teacher = await test.signIn((await school.teacher([klass])).id);
    pupil = await school.pupil(klass);
    pupilId = pupil.id;
  });

  async function newCode(): Promise<string> {
    const page = await request.post(`/children/${pupilId}/sharing/invites`).set('Cookie', teacher.cookie).type('form').send({ _csrf: teacher.csrfToken });
    expect(page.status, page.text).to.equal(200);
    return inviteCodeIn(page.text);
  }

  function redeem(session: SignedIn, code: string): supertest.Test {
    return request.post('/invites').set('Cookie', session.cookie).set('Accept', 'application/json').type('form').send({ _csrf: session.csrfToken, code });
  }

  it('proposes the link as pending, source invite; the director approves it on the pending-links page', async () => {
    const code = await newCode();
    const parent = await school.person();
    const session = await test.signIn(parent.id);
    // Typed as a parent would: lower case, without the dash.
    const used = await redeem(session, code.replace('-', ' ').toLowerCase());
    expect(used.status).to.equal(303);
    const link = await testDataSource().getRepository(Guardianship).findOneByOrFail({ guardianId: parent.id, childId: pupilId });
    expect([link.approval, link.source, link.status]).to.deep.equal(['pending', 'invite', 'full']);
    // Pending gives nothing yet.
    expect((await request.get(`/children/${pupilId}/portfolio`).set('Cookie', session.cookie).set('Accept', 'application/json')).status).to.equal(404);

    const director = await test.signIn((await school.director()).id);
    const pending = await request.get(`/schools/${school.id}/pending-links`).set('Cookie', director.cookie);
    expect(pending.text).to.include(parent.givenName);
    const decided = await request.post(`/schools/${school.id}/pending-links/${link.id}`).set('Cookie', director.cookie).type('form').send({ _csrf: director.csrfToken, decision: 'approve' });
    expect(decided.status).to.equal(303);
    expect((await request.get(`/children/${pupilId}/portfolio`).set('Cookie', session.cookie)).status).to.equal(200);

    // A code works once.
    const again = await redeem(await test.signIn((await school.person()).id), code);
    expect((again.body as { error: { code: string } }).error.code).to.equal('SHARE_INVITE_INVALID');
  });

  it('lets the class’s teacher approve or reject it from the class page, and no other teacher', async () => {
    const code = await newCode();
    const parent = await school.person();
    await redeem(await test.signIn(parent.id), code).expect(303);
    const link = await testDataSource().getRepository(Guardianship).findOneByOrFail({ guardianId: parent.id, childId: pupilId });
    const otherTeacher = await test.signIn((await school.teacher([await school.class()])).id);
    const refused = await request
      .post(`/sharing/invites/${link.id}/approve`)
      .set('Cookie', otherTeacher.cookie)
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: otherTeacher.csrfToken, classId: klassId });
    expect(refused.status).to.equal(404);

    const page = await request.get(`/classes/${klassId}/sharing`).set('Cookie', teacher.cookie);
    expect(page.text).to.include(`${parent.givenName} ${parent.familyName}`);
    const approved = await request.post(`/sharing/invites/${link.id}/approve`).set('Cookie', teacher.cookie).type('form').send({ _csrf: teacher.csrfToken, classId: klassId });
    expect(approved.headers.location).to.equal(`/classes/${klassId}/sharing?decided=1`);
    expect((await testDataSource().getRepository(Guardianship).findOneByOrFail({ id: link.id })).approval).to.equal('approved');
    // Decided once: deciding again finds nothing.
    const again = await request.post(`/sharing/invites/${link.id}/reject`).set('Cookie', teacher.cookie).set('Accept', 'application/json').type('form').send({ _csrf: teacher.csrfToken, classId: klassId });
    expect(again.status).to.equal(404);
  });

  it('never attaches a guardian the school keeps away from the child (no access)', async () => {
    const code = await newCode();
    const kept = await school.guardian([pupil], { status: 'noAccess' });
    const response = await redeem(await test.signIn(kept.id), code);
    expect(response.status).to.equal(400);
    expect((response.body as { error: { code: string } }).error.code).to.equal('SHARE_INVITE_INVALID');
    const links = await testDataSource().getRepository(Guardianship).findBy({ guardianId: kept.id, childId: pupilId });
    expect(links.map((link) => link.status)).to.deep.equal(['noAccess']);
  });

  it('answers unknown and expired codes alike, and throttles guesses per account', async () => {
    const code = await newCode();
    test.clock.set('2026-12-05T09:00:01.000Z');
    const session = await test.signIn((await school.person()).id);
    const expired = await redeem(session, code);
    const unknown = await redeem(session, 'ZZZZZ-ZZZZZ');
    expect((expired.body as { error: { code: string } }).error.code).to.equal('SHARE_INVITE_INVALID');
    expect(unknown.body).to.deep.equal(expired.body);
    const statuses = [];
    for (let attempt = 0; attempt < 9; attempt += 1) statuses.push((await redeem(session, `ABCDE-${attempt}XXXX`)).status);
    expect(statuses.slice(0, 8).every((status) => status === 400)).to.equal(true);
    expect(statuses[8]).to.equal(429);
  });

  it('lets only the class’s teachers and the director create codes', async () => {
    const parent = await test.signIn((await school.guardian([pupil])).id);
    const refused = await request.post(`/children/${pupilId}/sharing/invites`).set('Cookie', parent.cookie).set('Accept', 'application/json').type('form').send({ _csrf: parent.csrfToken });
    expect(refused.status).to.equal(404);
  });
});
