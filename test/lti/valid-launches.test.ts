import { expect } from 'chai';
import { LTI_CLAIM } from '../../src/lti/claims.js';
import { Guardianship, Person } from '../../src/model/index.js';
import { loadActor } from '../../src/policy/index.js';
import { testDataSource } from '../support/database.js';
import { LtiPlatformSimulator, ROLE } from '../support/lti-platform.js';
import { countRows, personOf } from './support/database-facts.js';
import { ltiFixture, type LtiFixture } from './support/fixture.js';
import { launch, launchWith } from './support/launch.js';
import { registerPlatform } from './support/tool.js';
import { LtiDeployment } from '../../src/model/lti-deployment.js';
import { SchoolFactory } from '../support/factories.js';

/*
 * Valid launches: each role becomes the right rights in the deployment's school, the context
 * becomes a class, the session opens, and the browser lands in the right place.
 */
describe('LTI launch: valid launches', function () {
  this.timeout(30_000);
  let lti: LtiFixture;

  before(async () => {
    lti = await ltiFixture();
  });
  after(async () => {
    await lti.close();
  });

  const issuer = () => lti.registration.identityIssuer;
  const actorOf = async (sub: string) => loadActor(testDataSource(), (await personOf(issuer(), sub))!, lti.clock.now());

  it('an Instructor lands in the context’s class, which they teach, with the roster synced and a working session', async () => {
    const browser = lti.browser();
    const response = await launch(browser, lti.platform, { user: 'teacher-1', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
    expect(response.status).to.equal(303);
    const classId = /^\/classes\/([0-9a-f-]{36})$/.exec(response.headers.location)?.[1];
    expect(classId, response.headers.location).to.be.a('string');

    const teacher = await actorOf('teacher-1');
    expect([...teacher.taughtClassIds]).to.deep.equal([classId]);
    expect([...(teacher.rolesBySchool.get(lti.school.id) ?? [])]).to.deep.equal(['teacher']);
    const person = await testDataSource().getRepository(Person).findOneByOrFail({ id: teacher.personId });
    expect([person.givenName, person.familyName, person.email]).to.deep.equal(['Anne', 'Roussel', 'anne.roussel@example.org']);

    const page = await browser.get(response.headers.location);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('CM1 — Les Castors').and.to.include('Martin Léa').and.to.include('Bernard Hugo');
    expect(await countRows('enrolment', 'classId = ? AND endedAt IS NULL', [classId])).to.equal(3);
  });

  it('a Learner is enrolled in the class and lands at home', async () => {
    const response = await launch(lti.browser(), lti.platform, { user: 'pupil-2', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
    expect(response.headers.location).to.equal('/home');
    const pupil = await actorOf('pupil-2');
    expect(pupil.enrolledClassIds.size).to.equal(1);
    expect(pupil.taughtClassIds.size).to.equal(0);
    expect([...(pupil.rolesBySchool.get(lti.school.id) ?? [])]).to.deep.equal(['pupil']);
  });

  it('a Mentor with role_scope_mentor becomes a guardian of that pupil only, and sees only them', async () => {
    const browser = lti.browser();
    const response = await launch(browser, lti.platform, { user: 'parent-1', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
    expect(response.headers.location).to.equal('/home');
    const parent = await actorOf('parent-1');
    const child = (await personOf(issuer(), 'pupil-1'))!;
    expect([...parent.guardianships.entries()]).to.deep.equal([[`${lti.school.id}/${child}`, 'full']]);
    expect(parent.enrolledClassIds.size, 'a mentor is not enrolled in the class').to.equal(0);
    const link = await testDataSource().getRepository(Guardianship).findOneByOrFail({ guardianId: parent.personId, childId: child });
    expect([link.approval, link.source]).to.deep.equal(['approved', 'lti']);

    const home = await browser.get('/home');
    expect(home.text).to.include('Léa Martin').and.not.to.include('Hugo').and.not.to.include('Chloé');
  });

  it('a Mentor naming users who are not pupils of the school links no child', async () => {
    lti.platform.addUser({ sub: 'parent-2', givenName: 'Paul', familyName: 'Inconnu', roles: [ROLE.mentor], mentees: ['nobody-here'] });
    await launch(lti.browser(), lti.platform, { user: 'parent-2', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
    const parent = await actorOf('parent-2');
    expect(parent.guardianships.size).to.equal(0);
    expect(parent.rolesBySchool.size).to.equal(0);
  });

  it('no roles: a person with no rights at all', async () => {
    lti.platform.addUser({ sub: 'no-role', givenName: 'Sans', familyName: 'Rôle', roles: [] });
    const browser = lti.browser();
    const response = await launch(browser, lti.platform, { user: 'no-role', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
    expect(response.headers.location).to.equal('/home');
    const actor = await actorOf('no-role');
    expect([actor.rolesBySchool.size, actor.taughtClassIds.size, actor.enrolledClassIds.size, actor.guardianships.size]).to.deep.equal([0, 0, 0, 0]);
    expect((await browser.get('/home')).status).to.equal(200);
  });

  it('an Administrator gets no rights either (director rights come from the school, not the ENT)', async () => {
    lti.platform.addUser({ sub: 'ent-admin', givenName: 'Admin', familyName: 'ENT', roles: [ROLE.administrator] });
    await launch(lti.browser(), lti.platform, { user: 'ent-admin', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
    expect((await actorOf('ent-admin')).rolesBySchool.size).to.equal(0);
  });

  it('no context: an Instructor is a teacher of the school, in no class', async () => {
    lti.platform.addUser({ sub: 'teacher-2', givenName: 'Marc', familyName: 'Lefèvre', roles: [ROLE.instructor] });
    const response = await launch(lti.browser(), lti.platform, { user: 'teacher-2', type: 'LtiResourceLinkRequest' });
    expect(response.headers.location).to.equal('/home');
    const teacher = await actorOf('teacher-2');
    expect([...(teacher.rolesBySchool.get(lti.school.id) ?? [])]).to.deep.equal(['teacher']);
    expect(teacher.taughtClassIds.size).to.equal(0);
  });

  it('no PII: the person is created with empty names', async () => {
    lti.platform.addUser({ sub: 'private-pupil', givenName: 'Secret', familyName: 'Caché', email: 'secret@example.org', roles: [ROLE.learner] });
    await launch(lti.browser(), lti.platform, { user: 'private-pupil', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1', withoutPii: true });
    const person = await testDataSource().getRepository(Person).findOneByOrFail({ id: (await personOf(issuer(), 'private-pupil'))! });
    expect([person.givenName, person.familyName, person.email]).to.deep.equal(['', '', null]);
  });

  it('takes the interface language from the launch locale when it is one of e-carnet’s', async () => {
    lti.platform.addUser({ sub: 'pupil-en', givenName: 'Amy', familyName: 'Smith', locale: 'en-GB', roles: [ROLE.learner] });
    await launch(lti.browser(), lti.platform, { user: 'pupil-en', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
    const person = await testDataSource().getRepository(Person).findOneByOrFail({ id: (await personOf(issuer(), 'pupil-en'))! });
    expect(person.preferredLanguage).to.equal('en');
  });

  it('accepts several audiences when azp names e-carnet, and ignores unknown claims', async () => {
    const response = await launchWith(lti.browser(), lti.platform, { user: 'pupil-3', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' }, (claims) => {
      claims.aud = [lti.platform.clientId, 'https://another.example/tool'];
      claims.azp = lti.platform.clientId;
      claims['https://vendor.example/claim/unknown'] = { nested: [1, 2, 3] };
    });
    expect(response.status).to.equal(303);
  });

  it('a launch of a placed link lands on its page', async () => {
    const pupilId = (await personOf(issuer(), 'pupil-1'))!;
    const response = await launch(lti.browser(), lti.platform, {
      user: 'parent-1',
      type: 'LtiResourceLinkRequest',
      contextId: 'ctx-cm1',
      targetLinkUri: `${lti.tool.url}/pupils/${pupilId}`,
    });
    expect(response.headers.location).to.equal(`/pupils/${pupilId}`);
  });

  it('a second launch of the same person finds them again, with updated names', async () => {
    const before = await countRows('person');
    const user = lti.platform.users.get('pupil-2')!;
    lti.platform.addUser({ ...user, givenName: 'Hugo-Victor' });
    await launch(lti.browser(), lti.platform, { user: 'pupil-2', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
    expect(await countRows('person')).to.equal(before);
    const person = await testDataSource().getRepository(Person).findOneByOrFail({ id: (await personOf(issuer(), 'pupil-2'))! });
    expect(person.givenName).to.equal('Hugo-Victor');
  });

  it('two registrations of one issuer keep their accounts apart (issuer#client_id)', async () => {
    const twin = await LtiPlatformSimulator.start({ clock: lti.clock, issuer: lti.platform.issuer });
    try {
      twin.clientId = 'second-client';
      twin.useTool(lti.tool.url);
      const registration = await registerPlatform(twin, lti.school.id, lti.clock.now());
      expect(registration.identityIssuer).to.equal(`${lti.platform.issuer}#second-client`);
      twin.addUser({ sub: 'teacher-1', givenName: 'Imposteur', familyName: 'Double', roles: [ROLE.instructor] });
      const response = await launch(lti.browser(), twin, { user: 'teacher-1', type: 'LtiResourceLinkRequest' });
      expect(response.status).to.equal(303);
      const original = await personOf(lti.registration.identityIssuer, 'teacher-1');
      const other = await personOf(registration.identityIssuer, 'teacher-1');
      expect(other).to.be.a('string').and.not.equal(original);
    } finally {
      await twin.close();
    }
  });

  it('a placed link finds its page through its custom parameters, whatever its URL became', async () => {
    const pupilId = (await personOf(issuer(), 'pupil-1'))!;
    lti.platform.customParameters = { resource_kind: 'portfolio', resource_id: pupilId };
    try {
      const response = await launch(lti.browser(), lti.platform, { user: 'parent-1', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
      expect(response.headers.location).to.equal(`/pupils/${pupilId}`);
      lti.platform.customParameters = { resource_kind: 'portfolio', resource_id: '../../admin' };
      const forged = await launch(lti.browser(), lti.platform, { user: 'parent-1', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
      expect(forged.headers.location, 'only a page of the allow-list').to.equal('/home');
    } finally {
      lti.platform.customParameters = { ignored_by_the_tool: 'yes' };
    }
  });

  it('a Mentor of a platform shared by two schools is linked only to pupils of the deployment’s school', async () => {
    const shared = await LtiPlatformSimulator.start({ clock: lti.clock });
    try {
      shared.useTool(lti.tool.url);
      const other = await SchoolFactory.create(testDataSource());
      const registration = await registerPlatform(shared, null, lti.clock.now(), ['deployment-a', 'deployment-b']);
      await testDataSource().getRepository(LtiDeployment).update({ platformId: registration.id, deploymentId: 'deployment-a' }, { schoolId: lti.school.id });
      await testDataSource().getRepository(LtiDeployment).update({ platformId: registration.id, deploymentId: 'deployment-b' }, { schoolId: other.id });
      shared.addUser({ sub: 'pupil-b', givenName: 'Inès', familyName: 'Ailleurs', roles: [ROLE.learner] });
      shared.addUser({ sub: 'mentor-ab', givenName: 'Omar', familyName: 'Ailleurs', roles: [ROLE.mentor], mentees: ['pupil-b'] });
      shared.addContext({ id: 'ctx-b', title: 'CE2 B', members: ['pupil-b'] });
      shared.deploymentId = 'deployment-b';
      await launch(lti.browser(), shared, { user: 'pupil-b', type: 'LtiResourceLinkRequest', contextId: 'ctx-b' });
      shared.deploymentId = 'deployment-a';
      await launch(lti.browser(), shared, { user: 'mentor-ab', type: 'LtiResourceLinkRequest' });
      const mentor = (await personOf(registration.identityIssuer, 'mentor-ab'))!;
      expect(await countRows('guardianship', 'guardianId = ?', [mentor]), 'through school A: the pupil is in B').to.equal(0);
      shared.deploymentId = 'deployment-b';
      await launch(lti.browser(), shared, { user: 'mentor-ab', type: 'LtiResourceLinkRequest' });
      expect(await countRows('guardianship', 'guardianId = ? AND schoolId = ?', [mentor, other.id])).to.equal(1);
    } finally {
      await shared.close();
    }
  });

  it('the roles claim may use the short context role names', async () => {
    lti.platform.addUser({ sub: 'short-names', givenName: 'Court', familyName: 'Nom', roles: ['Instructor'] });
    const response = await launchWith(lti.browser(), lti.platform, { user: 'short-names', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' }, (claims) => {
      delete claims[LTI_CLAIM.namesRoleService];
    });
    expect(response.headers.location).to.match(/^\/classes\//);
  });
});
