import { expect } from 'chai';
import { SchoolClass } from '../../src/model/index.js';
import { can, loadActor } from '../../src/policy/index.js';
import { testDataSource } from '../support/database.js';
import { LtiPlatformSimulator, ROLE, type SimMessage } from '../support/lti-platform.js';
import { personOf } from './support/database-facts.js';
import { ltiFixture, type LtiFixture } from './support/fixture.js';
import { launch } from './support/launch.js';
import { registerPlatform } from './support/tool.js';

/*
 * A context id is unique only within its platform (LTI core §5.4.1), while a school's classes are
 * shared by every platform bound to it and by its directory imports. Each registration's contexts
 * are therefore classes of their own: an id that happens to match another platform's context, or
 * a class the school imported, never joins it. Identifiers are compared byte for byte on both
 * engines.
 */
describe('LTI contexts are classes of their own registration', function () {
  this.timeout(30_000);
  let lti: LtiFixture;
  let second: LtiPlatformSimulator;
  let ownClassId: string;
  const teacherLaunch: SimMessage = { user: 'teacher-1', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' };

  before(async () => {
    lti = await ltiFixture();
    ownClassId = classOf((await launch(lti.browser(), lti.platform, teacherLaunch)).headers.location);
    // A second platform of the same school (a Moodle next to the ENT), with its own course ctx-cm1.
    second = await LtiPlatformSimulator.start({ clock: lti.clock });
    second.clientId = 'moodle-client';
    second.useTool(lti.tool.url);
    await registerPlatform(second, lti.school.id, lti.clock.now());
    second.addUser({ sub: 'moodle-teacher', givenName: 'Paul', familyName: 'Moodle', roles: [ROLE.instructor] });
    second.addContext({ id: 'ctx-cm1', title: 'Un autre CM1', members: ['moodle-teacher'] });
  });
  after(async () => {
    await second.close();
    await lti.close();
  });

  function classOf(location: string): string {
    const id = /^\/classes\/([0-9a-f-]{36})$/.exec(location)?.[1];
    expect(id, location).to.be.a('string');
    return id!;
  }

  it('a context of another platform with the same id is another class: its teacher sees nothing of the first', async () => {
    const browser = lti.browser();
    const response = await launch(browser, second, { user: 'moodle-teacher', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
    const otherClassId = classOf(response.headers.location);
    expect(otherClassId).not.to.equal(ownClassId);

    const moodleTeacher = await loadActor(testDataSource(), await teacherOf(second), lti.clock.now());
    expect([...moodleTeacher.taughtClassIds]).to.deep.equal([otherClassId]);
    const pupil = (await personOf(lti.registration.identityIssuer, 'pupil-1'))!;
    expect(can(moodleTeacher, 'view', { kind: 'portfolio', schoolId: lti.school.id, pupilId: pupil, classIds: [ownClassId] })).to.equal(false);
    expect((await browser.get(`/classes/${ownClassId}`)).status, 'the first platform’s class page').to.equal(404);
    expect((await browser.get(`/classes/${otherClassId}`)).status).to.equal(200);
  });

  it('a context id equal to the reference of a class the school imported does not join it', async () => {
    const imported = await lti.school.class('CE2 (annuaire)');
    await testDataSource().getRepository(SchoolClass).update({ id: imported.id }, { externalRef: 'dir-ce2' });
    const directoryPupil = await lti.school.pupil(imported);
    lti.platform.addContext({ id: 'dir-ce2', title: 'CE2 de l’ENT', members: ['teacher-1'] });

    const response = await launch(lti.browser(), lti.platform, { user: 'teacher-1', type: 'LtiResourceLinkRequest', contextId: 'dir-ce2' });
    const classId = classOf(response.headers.location);
    expect(classId).not.to.equal(imported.id);
    const teacher = await loadActor(testDataSource(), (await personOf(lti.registration.identityIssuer, 'teacher-1'))!, lti.clock.now());
    expect(teacher.taughtClassIds.has(imported.id)).to.equal(false);
    expect(can(teacher, 'view', { kind: 'portfolio', schoolId: lti.school.id, pupilId: directoryPupil.id, classIds: [imported.id] })).to.equal(false);
  });

  it('contexts whose ids differ by case, accent or a trailing space are different classes, on every engine', async () => {
    const ids = ['6A', '6a', 'Café', 'Cafe', 'cafe', '6B', '6B '];
    const classes = new Set<string>();
    for (const id of ids) {
      lti.platform.addContext({ id, title: `Classe ${id}`, members: ['teacher-1'] });
      const response = await launch(lti.browser(), lti.platform, { user: 'teacher-1', type: 'LtiResourceLinkRequest', contextId: id });
      classes.add(classOf(response.headers.location));
    }
    expect(classes.size).to.equal(ids.length);
  });

  /** The person the second platform's teacher became. */
  async function teacherOf(platform: LtiPlatformSimulator): Promise<string> {
    const rows = (await testDataSource().query(
      `SELECT x.personId AS personId FROM external_identity x JOIN lti_platform p ON p.identityIssuer = x.issuer
        WHERE p.clientId = ? AND x.subject = ?`,
      [platform.clientId, 'moodle-teacher'],
    )) as { personId: string }[];
    return rows[0]!.personId;
  }
});
