import { expect } from 'chai';
import request from 'supertest';
import { provisionIdentity } from '../../src/auth/provisioner.js';
import type { Config } from '../../src/config/schema.js';
import { Enrolment, SchoolMembership, TeachingAssignment } from '../../src/model/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { TestCasServer } from '../support/cas-server.js';
import { testConfig } from '../support/config.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { sessionCookie } from './cookies.js';
import { TEST_BASE_URL } from './saml-setup.js';

/*
 * What the school ended stays ended: a teacher the director took off a class, a pupil who left.
 * The ENT may still list them; a sign-in only adds what never existed. Only a roster sync (the
 * school's records, the ENT's directory, an LTI context's members) opens them again.
 */
describe('a sign-in never re-opens what the school ended', function () {
  this.timeout(30_000);
  let cas: TestCasServer;
  let testApp: TestApp;
  let school: SchoolFactory;

  before(async () => {
    cas = await new TestCasServer().start();
    school = await SchoolFactory.create(testDataSource());
    const config: Config = {
      ...testConfig({ ECARNET_BASE_URL: TEST_BASE_URL }),
      connectors: [{ id: 'ent-cas', type: 'cas', enabled: true, schools: [], options: { serverUrl: cas.url, allowInsecureHttp: true } }],
    };
    testApp = createTestApp({ config });
  });
  after(() => cas.stop());

  async function signIn(user: string): Promise<string> {
    const login = await request(testApp.app).get('/auth/cas/ent-cas/login');
    const back = new URL(cas.issueTicket(user, new URL(String(login.headers.location)).searchParams.get('service')!));
    const answer = await request(testApp.app).get(`${back.pathname}${back.search}`).set('Cookie', sessionCookie(login)!);
    expect(answer.status, answer.text).to.equal(303);
    const me = await request(testApp.app).get('/api/v1/me').set('Cookie', sessionCookie(answer)!);
    return String(me.body.id);
  }

  const ended = async (rows: { endedAt: Date | null }[]) => rows.map((row) => row.endedAt !== null);

  it('keeps ended the class and the school a teacher was taken off, though the ENT still lists them', async () => {
    cas.accounts.set('prof.durand', { ENTPersonProfils: ['National_ENS'], ENTPersonStructRattachRNE: [school.school.uai], ENTPersonClasses: ['cas-ce1-b|CE1 B'] });
    const teacherId = await signIn('prof.durand');
    const assignments = testDataSource().getRepository(TeachingAssignment);
    const memberships = testDataSource().getRepository(SchoolMembership);
    expect(await ended(await assignments.findBy({ teacherId }))).to.deep.equal([false]);
    const endedAt = new Date(testApp.clock.now().getTime() - 60_000);
    await assignments.update({ teacherId }, { endedAt });
    await memberships.update({ personId: teacherId, schoolId: school.id, role: 'teacher' }, { endedAt });

    expect(await signIn('prof.durand')).to.equal(teacherId);
    expect(await ended(await assignments.findBy({ teacherId }))).to.deep.equal([true]);
    expect(await ended(await memberships.findBy({ personId: teacherId, schoolId: school.id }))).to.deep.equal([true]);
  });

  it('keeps ended the enrolment and membership of a pupil who left', async () => {
    cas.accounts.set('eleve.morel', { ENTPersonProfils: ['National_ELV'], ENTPersonStructRattachRNE: [school.school.uai], ENTPersonClasses: ['cas-cm1-a|CM1 A'] });
    const pupilId = await signIn('eleve.morel');
    const endedAt = new Date(testApp.clock.now().getTime() - 60_000);
    await testDataSource().getRepository(Enrolment).update({ pupilId }, { endedAt });
    await testDataSource().getRepository(SchoolMembership).update({ personId: pupilId, schoolId: school.id }, { endedAt });

    await signIn('eleve.morel');
    expect(await ended(await testDataSource().getRepository(Enrolment).findBy({ pupilId }))).to.deep.equal([true]);
    expect(await ended(await testDataSource().getRepository(SchoolMembership).findBy({ personId: pupilId, schoolId: school.id }))).to.deep.equal([true]);
  });

  it('lets a roster sync bring a pupil back (control)', async () => {
    const klass = await school.class('CM2 roster');
    const identity = {
      issuer: 'https://ent.example.test',
      subject: `sync-pupil-${Date.now()}`,
      connectorId: 'edifice',
      schools: [],
      classes: [{ school: { schoolId: school.id }, externalRef: `sync-${klass.id}`, as: 'pupil' as const }],
      children: [],
    };
    const now = testApp.clock.now();
    const first = await provisionIdentity(testDataSource(), identity, now);
    await testDataSource().getRepository(Enrolment).update({ pupilId: first.personId }, { endedAt: new Date(now.getTime() - 60_000) });
    await provisionIdentity(testDataSource(), identity, now);
    expect((await ended(await testDataSource().getRepository(Enrolment).findBy({ pupilId: first.personId }))).sort()).to.deep.equal([false, true]);
  });
});
