import { expect } from 'chai';
import { performance } from 'node:perf_hooks';
import { LtiContextSync } from '../../src/model/lti-context-sync.js';
import { testDataSource } from '../support/database.js';
import { ROLE, type SimMessage } from '../support/lti-platform.js';
import { countRows } from './support/database-facts.js';
import { ltiFixture, type LtiFixture } from './support/fixture.js';
import { launch } from './support/launch.js';

/*
 * The roster sync (NRPS) never holds the teacher's launch more than a few seconds, tries again
 * soon after a failure, believes only an answer about the launch's own context, never empties a
 * class on an answer with no active member, and never sends the token to another server.
 */
describe('LTI roster sync: a slow or wrong platform', function () {
  this.timeout(60_000);
  let lti: LtiFixture;
  let classId: string;
  const teacherLaunch: SimMessage = { user: 'teacher-1', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' };
  const activeEnrolments = () => countRows('enrolment', 'classId = ? AND endedAt IS NULL', [classId]);
  const sync = () => testDataSource().getRepository(LtiContextSync).findOneByOrFail({ platformId: lti.registration.id, classId });

  before(async () => {
    lti = await ltiFixture();
    const response = await launch(lti.browser(), lti.platform, teacherLaunch);
    classId = /\/classes\/(.+)$/.exec(response.headers.location)![1]!;
    expect(await activeEnrolments()).to.equal(3);
  });
  after(async () => {
    await lti.close();
  });

  it('a failed sync is tried again a minute later, not ten', async () => {
    lti.platform.membershipUnavailable = true;
    lti.clock.advanceMinutes(11);
    await launch(lti.browser(), lti.platform, teacherLaunch);
    expect((await sync()).outcome).to.equal('failed');
    lti.platform.membershipUnavailable = false;
    const calls = lti.platform.counts.nrps;
    lti.clock.advanceMinutes(2);
    await launch(lti.browser(), lti.platform, teacherLaunch);
    expect(lti.platform.counts.nrps).to.be.greaterThan(calls);
    expect((await sync()).outcome).to.equal('synced');
  });

  it('an answer about another context changes nothing', async () => {
    const context = lti.platform.contexts.get('ctx-cm1')!;
    context.members = context.members.filter((sub) => sub !== 'pupil-3');
    lti.platform.membershipContextId = 'another-course';
    lti.clock.advanceMinutes(11);
    await launch(lti.browser(), lti.platform, teacherLaunch);
    expect(await activeEnrolments()).to.equal(3);
    expect((await sync()).outcome).to.equal('failed');
    lti.platform.membershipContextId = undefined;
    context.members.push('pupil-3');
  });

  it('an answer with no active member ends nobody', async () => {
    const context = lti.platform.contexts.get('ctx-cm1')!;
    const members = context.members;
    context.members = [];
    lti.clock.advanceMinutes(11);
    await launch(lti.browser(), lti.platform, teacherLaunch);
    expect(await activeEnrolments(), 'an empty list').to.equal(3);
    lti.platform.addUser({ ...lti.platform.users.get('pupil-1')!, status: 'Inactive' });
    context.members = ['pupil-1'];
    lti.clock.advanceMinutes(11);
    await launch(lti.browser(), lti.platform, teacherLaunch);
    expect(await activeEnrolments(), 'only inactive members').to.equal(3);
    lti.platform.users.get('pupil-1')!.status = 'Active';
    context.members = members;
  });

  it('a next page on another server is not followed: the token stays with the platform, nothing changes', async () => {
    const context = lti.platform.contexts.get('ctx-cm1')!;
    context.members = context.members.filter((sub) => sub !== 'pupil-2');
    lti.platform.membershipNextUrl = lti.platform.url.replace('127.0.0.1', 'localhost') + '/nrps/ctx-cm1?page=1';
    const calls = lti.platform.counts.nrps;
    lti.clock.advanceMinutes(11);
    await launch(lti.browser(), lti.platform, teacherLaunch);
    expect(lti.platform.counts.nrps, 'only the first page').to.equal(calls + 1);
    expect(await activeEnrolments()).to.equal(3);
    expect((await sync()).outcome).to.equal('failed');
    lti.platform.membershipNextUrl = undefined;
    context.members.push('pupil-2');
  });

  it('a slow platform never holds the teacher more than a few seconds: the sync finishes afterwards', async () => {
    lti.platform.addUser({ sub: 'pupil-late', givenName: 'Tardif', familyName: 'Lent', roles: [ROLE.learner] });
    lti.platform.contexts.get('ctx-cm1')!.members.push('pupil-late');
    lti.platform.membershipDelayMs = 2_500;
    lti.clock.advanceMinutes(11);
    const started = performance.now();
    const response = await launch(lti.browser(), lti.platform, teacherLaunch);
    const elapsed = performance.now() - started;
    expect(response.status).to.equal(303);
    expect(elapsed, 'the launch answered before the roster came').to.be.below(4_500);
    const deadline = performance.now() + 30_000;
    while ((await activeEnrolments()) < 4 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await activeEnrolments(), 'the sync went on in the background').to.equal(4);
    lti.platform.membershipDelayMs = 0;
  });
});
