import { expect } from 'chai';
import { readRoles } from '../../src/lti/launch/roles.js';
import { loadActor } from '../../src/policy/index.js';
import { testDataSource } from '../support/database.js';
import { ROLE } from '../support/lti-platform.js';
import { personOf } from './support/database-facts.js';
import { ltiFixture, type LtiFixture } from './support/fixture.js';
import { launch } from './support/launch.js';

/*
 * Roles (LTI core §A.2): the role in the class comes from the context membership roles only;
 * institution and system roles describe the person, not their place in this course. A Learner of
 * the context is never made its teacher, and a teaching assistant (often a pupil helping) gets no
 * teacher rights unless the platform also says Instructor.
 */
describe('LTI roles', function () {
  this.timeout(30_000);

  describe('reading a roles claim', () => {
    it('an institution Instructor who is a Learner of the context is a pupil of it, not its teacher', () => {
      expect(readRoles([ROLE.institutionInstructor, ROLE.learner])).to.deep.include({ teacher: false, pupil: true });
    });
    it('institution or system roles alone give no class role', () => {
      for (const role of [ROLE.institutionInstructor, ROLE.institutionFaculty, ROLE.administrator, ROLE.systemAdministrator]) {
        expect(readRoles([role]), role).to.deep.include({ teacher: false, pupil: false, mentor: false });
      }
    });
    it('a Learner and an Instructor of the same context: the Learner role wins', () => {
      expect(readRoles([ROLE.instructor, ROLE.learner])).to.deep.include({ teacher: false, pupil: true });
      expect(readRoles(['Instructor', 'Learner'])).to.deep.include({ teacher: false, pupil: true });
    });
    it('a TeachingAssistant alone has no class role; with Instructor, teaches', () => {
      expect(readRoles([ROLE.teachingAssistant])).to.deep.include({ teacher: false, pupil: false });
      expect(readRoles([ROLE.teachingAssistant, ROLE.instructor])).to.deep.include({ teacher: true, pupil: false });
    });
    it('context roles in full or short form; the ENT’s administrators are the institution and system ones', () => {
      expect(readRoles([ROLE.instructor])).to.deep.include({ teacher: true });
      expect(readRoles(['Instructor'])).to.deep.include({ teacher: true });
      expect(readRoles([ROLE.mentor])).to.deep.include({ mentor: true });
      expect(readRoles([ROLE.administrator]).administrator).to.equal(true);
      expect(readRoles([ROLE.systemAdministrator]).administrator).to.equal(true);
      expect(readRoles([ROLE.contextAdministrator]).administrator, 'a course administrator is not the ENT’s').to.equal(false);
    });
  });

  describe('launches', () => {
    let lti: LtiFixture;
    before(async () => {
      lti = await ltiFixture();
      lti.platform.addUser({ sub: 'staff-learner', givenName: 'Eva', familyName: 'Personnel', roles: [ROLE.institutionInstructor, ROLE.learner] });
      lti.platform.addUser({ sub: 'assistant', givenName: 'Tom', familyName: 'Assistant', roles: [ROLE.teachingAssistant] });
      lti.platform.addUser({ sub: 'lead-assistant', givenName: 'Lou', familyName: 'Chef', roles: [ROLE.teachingAssistant, ROLE.instructor] });
      lti.platform.contexts.get('ctx-cm1')!.members.push('staff-learner', 'assistant', 'lead-assistant');
    });
    after(async () => {
      await lti.close();
    });
    const actorOf = async (sub: string) => loadActor(testDataSource(), (await personOf(lti.registration.identityIssuer, sub))!, lti.clock.now());

    it('a staff member taking the course as a learner is enrolled, and teaches nothing', async () => {
      const response = await launch(lti.browser(), lti.platform, { user: 'staff-learner', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
      expect(response.headers.location).to.equal('/home');
      const actor = await actorOf('staff-learner');
      expect([actor.taughtClassIds.size, actor.enrolledClassIds.size]).to.deep.equal([0, 1]);
    });

    it('a teaching assistant gets no teacher rights', async () => {
      const response = await launch(lti.browser(), lti.platform, { user: 'assistant', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
      expect(response.headers.location).to.equal('/home');
      const actor = await actorOf('assistant');
      expect([actor.taughtClassIds.size, actor.enrolledClassIds.size, actor.rolesBySchool.size]).to.deep.equal([0, 0, 0]);
    });

    it('the roster sync reads roles the same way: the assistant is neither taught nor teaching', async () => {
      await launch(lti.browser(), lti.platform, { user: 'teacher-1', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
      const staff = await actorOf('staff-learner');
      expect(staff.taughtClassIds.size).to.equal(0);
      expect(await personOf(lti.registration.identityIssuer, 'assistant')).to.be.a('string');
      const assistant = await actorOf('assistant');
      expect([assistant.taughtClassIds.size, assistant.enrolledClassIds.size]).to.deep.equal([0, 0]);
      const lead = await actorOf('lead-assistant');
      expect(lead.taughtClassIds.size, 'Instructor given with the sub-role').to.equal(1);
    });
  });
});
