import { expect } from 'chai';
import request from 'supertest';
import { AuditEvent } from '../../src/model/audit-event.js';
import { newId } from '../../src/model/columns.js';
import { LtiPlatform } from '../../src/model/lti-platform.js';
import { SchoolMembership } from '../../src/model/school-membership.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { codeOf, OperatorTestApp, type Browser } from './support-pages.js';

/*
 * Appointment links: one use, seven days, and only for someone signed in through the school's
 * own identity provider. A refused opening changes nothing.
 */
describe('appointment links', () => {
  let school: SchoolFactory;
  let other: SchoolFactory;
  let tool: OperatorTestApp;
  let operator: Browser;

  /** The operator creates a link from the school's page and reads it from the page (shown once). */
  const createLink = async (role = 'director') => {
    const page = await tool.post(operator, `/operator/schools/${school.id}/appointment-links`, { role });
    expect(page.status).to.equal(200);
    const url = /id="appointment-link"[^>]*value="([^"]+)"/.exec(page.text)?.[1];
    expect(url, 'the link is shown').to.be.a('string');
    return new URL(url!).pathname;
  };
  const directorsOf = (schoolId: string) => testDataSource().getRepository(SchoolMembership).findBy({ schoolId, role: 'director' });

  beforeEach(async () => {
    school = await SchoolFactory.create(testDataSource(), { name: 'École Nommée' });
    other = await SchoolFactory.create(testDataSource(), { name: 'École Voisine' });
    tool = OperatorTestApp.create([school.school.uai, other.school.uai]);
    operator = await tool.operatorSession();
  });

  it("makes whoever signs in through the school's ENT its director, once, and the operator sees who", async () => {
    const path = await createLink();
    expect((await tool.get(operator, `/operator/schools/${school.id}`)).text, 'shown once').not.to.include(path);
    const head = await school.person({ givenName: 'Inès', familyName: 'Principale' });
    const browser = await tool.session(head.id, 'cas:ent-0');
    const confirm = await tool.get(browser, path);
    expect(confirm.status).to.equal(200);
    expect(confirm.text).to.include('École Nommée');
    expect(await directorsOf(school.id), 'opening alone appoints nobody').to.have.length(0);

    const done = await tool.post(browser, path);
    expect(done.status).to.equal(200);
    expect((await directorsOf(school.id)).map((row) => row.personId)).to.deep.equal([head.id]);
    const audit = await testDataSource().getRepository(AuditEvent).findOneByOrFail({ schoolId: school.id, action: 'appointment.used' });
    expect(audit.actorId).to.equal(head.id);
    const page = await tool.get(operator, `/operator/schools/${school.id}`);
    expect(page.text).to.include('utilisé par Inès Principale');
    expect(page.text).to.include('Inès Principale — direction');
    // The new director may now open the school's settings.
    expect((await tool.get(browser, `/schools/${school.id}/appointments`)).status).to.equal(200);
  });

  it('refuses a link used twice, with APPOINTMENT_LINK_USED, changing nothing', async () => {
    const path = await createLink();
    const first = await tool.session((await school.person()).id, 'cas:ent-0');
    expect((await tool.post(first, path)).status).to.equal(200);
    const second = await tool.session((await school.person()).id, 'cas:ent-0');
    for (const response of [await tool.get(second, path, true), await tool.post(second, path, {}, true)]) {
      expect(response.status).to.equal(410);
      expect(codeOf(response)).to.equal('APPOINTMENT_LINK_USED');
    }
    expect(await directorsOf(school.id)).to.have.length(1);
  });

  it('refuses an expired link, with APPOINTMENT_LINK_EXPIRED', async () => {
    const path = await createLink();
    tool.clock.advanceMinutes(7 * 24 * 60 + 1);
    const late = await tool.session((await school.person()).id, 'cas:ent-0');
    const response = await tool.post(late, path, {}, true);
    expect(response.status).to.equal(410);
    expect(codeOf(response)).to.equal('APPOINTMENT_LINK_EXPIRED');
    expect(await directorsOf(school.id)).to.have.length(0);
  });

  it("refuses someone signed in through another school's identity provider, or by demo, and an unknown token", async () => {
    const path = await createLink();
    const person = await school.person();
    for (const method of ['cas:ent-1', 'demo', 'test']) {
      const browser = await tool.session(person.id, method);
      const response = await tool.post(browser, path, {}, true);
      expect(response.status, method).to.equal(403);
      expect(codeOf(response)).to.equal('APPOINTMENT_WRONG_IDENTITY_PROVIDER');
    }
    expect(await directorsOf(school.id)).to.have.length(0);
    expect(await directorsOf(other.id)).to.have.length(0);
    const right = await tool.session(person.id, 'cas:ent-0');
    expect(codeOf(await tool.get(right, '/appointments/not-a-token', true))).to.equal('APPOINTMENT_LINK_INVALID');
    expect(codeOf(await tool.get(right, `/appointments/${'A'.repeat(43)}`, true))).to.equal('APPOINTMENT_LINK_INVALID');
    // The link still works for the right person afterwards.
    expect((await tool.post(right, path)).status).to.equal(200);
  });

  it("accepts a sign-in through the school's LTI platform", async () => {
    const platformId = newId();
    await testDataSource().getRepository(LtiPlatform).insert({
      id: platformId,
      issuer: `https://ent-${platformId}.test`,
      clientId: 'client',
      identityIssuer: `https://ent-${platformId}.test`,
      name: 'ENT',
      authLoginUrl: 'https://ent.test/auth',
      authTokenUrl: 'https://ent.test/token',
      keysetUrl: 'https://ent.test/jwks',
      tokenAudience: null,
      schoolId: school.id,
      source: 'dynamic',
      createdAt: tool.clock.now(),
      disabledAt: null,
    } as Partial<LtiPlatform> as LtiPlatform);
    const path = await createLink('staff');
    const assistant = await tool.session((await school.person()).id, `lti:${platformId}`);
    expect((await tool.post(assistant, path)).status).to.equal(200);
    expect(await testDataSource().getRepository(SchoolMembership).countBy({ schoolId: school.id, personId: assistant.personId, role: 'staff' })).to.equal(1);
  });

  it("refuses a link of a deactivated school, and the school's members cannot sign in", async () => {
    const path = await createLink();
    const demoSchool = await SchoolFactory.create(testDataSource(), { isDemo: true });
    const member = await demoSchool.teacher([await demoSchool.class()]);
    await tool.post(operator, `/operator/schools/${school.id}/deactivate`);
    await tool.post(operator, `/operator/schools/${demoSchool.id}/deactivate`);
    const person = await tool.session((await school.person()).id, 'cas:ent-0');
    expect(codeOf(await tool.post(person, path, {}, true))).to.equal('SCHOOL_DEACTIVATED');
    expect(await directorsOf(school.id)).to.have.length(0);

    // Demo sign-in, like every sign-in, goes through the one check.
    const agent = request.agent(tool.app);
    const demoPage = await agent.get('/demo');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(demoPage.text)?.[1] ?? '';
    const signIn = await agent.post('/demo/sign-in').type('form').set('Accept', 'application/json').send({ _csrf: csrf, personId: member.id, next: '' });
    expect(signIn.status).to.equal(403);
    expect(codeOf(signIn)).to.equal('SCHOOL_DEACTIVATED');
  });

  it('lets a director appoint a second director or office staff from the school settings', async () => {
    const director = await tool.session((await school.director()).id, 'cas:ent-0');
    expect((await tool.get(director, '/home')).text, 'reached from the home page').to.include(`/schools/${school.id}/appointments`);
    const page = await tool.post(director, `/schools/${school.id}/appointments`, { role: 'staff' });
    expect(page.status).to.equal(200);
    const path = new URL(/id="appointment-link"[^>]*value="([^"]+)"/.exec(page.text)![1]!).pathname;
    const assistant = await tool.session((await school.person()).id, 'cas:ent-0');
    expect((await tool.post(assistant, path)).status).to.equal(200);
    expect(await testDataSource().getRepository(SchoolMembership).countBy({ schoolId: school.id, personId: assistant.personId, role: 'staff' })).to.equal(1);
    // Staff may not appoint; neither may another school's director.
    expect((await tool.get(assistant, `/schools/${school.id}/appointments`, true)).status).to.equal(404);
    const otherDirector = await tool.session((await other.director()).id, 'cas:ent-1');
    expect((await tool.post(otherDirector, `/schools/${school.id}/appointments`, { role: 'director' }, true)).status).to.equal(404);
  });
});
