import { expect } from 'chai';
import { nextPage } from '../../src/lti/roster/membership-pages.js';
import { Person } from '../../src/model/index.js';
import { LtiContextSync } from '../../src/model/lti-context-sync.js';
import { testDataSource } from '../support/database.js';
import { ROLE, type SimMessage } from '../support/lti-platform.js';
import { countRows, personOf } from './support/database-facts.js';
import { ltiFixture, type LtiFixture } from './support/fixture.js';
import { launch } from './support/launch.js';

/*
 * Names and Role Provisioning: a teacher's launch brings the class in line with the platform's
 * list (client-credentials token, pages followed), members added, updated and removed, throttled.
 */
describe('LTI roster sync (NRPS)', function () {
  this.timeout(30_000);
  let lti: LtiFixture;
  let classId: string;
  const teacherLaunch: SimMessage = { user: 'teacher-1', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' };

  before(async () => {
    lti = await ltiFixture();
    for (let index = 4; index <= 7; index += 1) {
      lti.platform.addUser({ sub: `pupil-${index}`, givenName: `Élève${index}`, familyName: 'Dupont', roles: [ROLE.learner] });
      lti.platform.contexts.get('ctx-cm1')!.members.push(`pupil-${index}`);
    }
  });
  after(async () => {
    await lti.close();
  });

  const issuer = () => lti.registration.identityIssuer;
  const enrolledSubjects = async (): Promise<string[]> => {
    const rows = (await testDataSource().query(
      `SELECT x.subject AS subject FROM enrolment e JOIN external_identity x ON x.personId = e.pupilId AND x.issuer = ?
        WHERE e.classId = ? AND e.endedAt IS NULL ORDER BY x.subject`,
      [issuer(), classId],
    )) as { subject: string }[];
    return rows.map((row) => row.subject);
  };

  it('provisions every active member, page after page, with a token obtained by a signed client assertion', async () => {
    const response = await launch(lti.browser(), lti.platform, teacherLaunch);
    classId = /\/classes\/(.+)$/.exec(response.headers.location)![1]!;
    expect(await enrolledSubjects()).to.deep.equal(['pupil-1', 'pupil-2', 'pupil-3', 'pupil-4', 'pupil-5', 'pupil-6', 'pupil-7']);
    expect(lti.platform.counts.nrps, '8 members, 2 per page').to.equal(4);
    expect(lti.platform.counts.token).to.equal(1);
    const sync = await testDataSource().getRepository(LtiContextSync).findOneByOrFail({ platformId: lti.registration.id, contextId: 'ctx-cm1' });
    expect(sync.outcome).to.equal('synced');
    expect(JSON.parse(sync.detailJson!)).to.deep.equal({ members: 8, provisioned: 8, ended: 0 });
    expect(await countRows('audit_event', "action = 'lti.rosterSynced' AND subjectId = ?", [classId])).to.equal(1);
  });

  it('does not sync again within ten minutes, however many teachers launch', async () => {
    const calls = lti.platform.counts.nrps;
    lti.clock.advanceMinutes(5);
    await launch(lti.browser(), lti.platform, teacherLaunch);
    await launch(lti.browser(), lti.platform, teacherLaunch);
    expect(lti.platform.counts.nrps).to.equal(calls);
  });

  it('after ten minutes: updates names, ends the enrolment of Inactive, Deleted and departed members, reuses its token', async () => {
    const context = lti.platform.contexts.get('ctx-cm1')!;
    lti.platform.addUser({ ...lti.platform.users.get('pupil-2')!, givenName: 'Hugo-Victor' });
    lti.platform.users.get('pupil-4')!.status = 'Inactive';
    lti.platform.users.get('pupil-5')!.status = 'Deleted';
    context.members = context.members.filter((sub) => sub !== 'pupil-6');
    lti.clock.advanceMinutes(6);

    await launch(lti.browser(), lti.platform, teacherLaunch);
    expect(await enrolledSubjects()).to.deep.equal(['pupil-1', 'pupil-2', 'pupil-3', 'pupil-7']);
    const hugo = await testDataSource().getRepository(Person).findOneByOrFail({ id: (await personOf(issuer(), 'pupil-2'))! });
    expect(hugo.givenName).to.equal('Hugo-Victor');
    const ended = (await testDataSource().query('SELECT endedAt FROM enrolment WHERE pupilId = ? AND classId = ?', [
      await personOf(issuer(), 'pupil-6'),
      classId,
    ])) as { endedAt: unknown }[];
    expect(ended).to.have.length(1);
    expect(ended[0]!.endedAt).not.to.equal(null);
    expect(lti.platform.counts.token, 'the access token is cached until it expires').to.equal(1);
  });

  it('never ends the enrolment of a pupil the platform did not bring', async () => {
    const local = await lti.school.pupil((await testDataSource().query('SELECT * FROM school_class WHERE id = ?', [classId]))[0]);
    lti.clock.advanceMinutes(11);
    await launch(lti.browser(), lti.platform, teacherLaunch);
    expect(await countRows('enrolment', 'pupilId = ? AND classId = ? AND endedAt IS NULL', [local.id, classId])).to.equal(1);
  });

  it('a member who comes back is enrolled again', async () => {
    lti.platform.users.get('pupil-4')!.status = 'Active';
    lti.clock.advanceMinutes(11);
    await launch(lti.browser(), lti.platform, teacherLaunch);
    expect(await enrolledSubjects()).to.include('pupil-4');
  });

  it('ends the teaching assignment of an instructor who left the course', async () => {
    lti.platform.addUser({ sub: 'teacher-9', givenName: 'Rémi', familyName: 'Remplaçant', roles: [ROLE.instructor] });
    const context = lti.platform.contexts.get('ctx-cm1')!;
    context.members.push('teacher-9');
    lti.clock.advanceMinutes(11);
    await launch(lti.browser(), lti.platform, teacherLaunch);
    const substitute = (await personOf(issuer(), 'teacher-9'))!;
    expect(await countRows('teaching_assignment', 'teacherId = ? AND endedAt IS NULL', [substitute])).to.equal(1);

    context.members = context.members.filter((sub) => sub !== 'teacher-9');
    lti.clock.advanceMinutes(11);
    await launch(lti.browser(), lti.platform, teacherLaunch);
    expect(await countRows('teaching_assignment', 'teacherId = ? AND endedAt IS NULL', [substitute])).to.equal(0);
  });

  it('a platform refusing its roster never keeps the teacher out: the sync is recorded as failed', async () => {
    lti.platform.membershipUnavailable = true;
    lti.clock.advanceMinutes(11);
    const response = await launch(lti.browser(), lti.platform, teacherLaunch);
    expect(response.status).to.equal(303);
    const sync = await testDataSource().getRepository(LtiContextSync).findOneByOrFail({ platformId: lti.registration.id, contextId: 'ctx-cm1' });
    expect(sync.outcome).to.equal('failed');
  });

  it('follows only rel="next" links', () => {
    const current = 'https://ent.example.fr/nrps/ctx?page=1';
    expect(nextPage('<https://ent.example.fr/nrps/ctx?page=2>; rel="next"', current)).to.equal('https://ent.example.fr/nrps/ctx?page=2');
    expect(nextPage('<https://ent.example.fr/nrps/ctx?since=1>; rel="differences", </nrps/ctx?page=3>; rel=next', current)).to.equal(
      'https://ent.example.fr/nrps/ctx?page=3',
    );
    expect(nextPage('<https://ent.example.fr/nrps/ctx?since=1>; rel="differences"', current)).to.equal(undefined);
    expect(nextPage(null, current)).to.equal(undefined);
  });
});
