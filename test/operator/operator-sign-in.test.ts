import { expect } from 'chai';
import request from 'supertest';
import type { NormalizedIdentity } from '../../src/connectors/contract.js';
import { AuditEvent } from '../../src/model/audit-event.js';
import { ExternalIdentity } from '../../src/model/external-identity.js';
import { CLI_AGENT } from '../../src/operator/agent.js';
import { createDirectoryKeyAppointment } from '../../src/operator/appointments.js';
import { redeemDirectoryKeyAppointments } from '../../src/operator/directory-key-appointments.js';
import { SchoolMembership } from '../../src/model/school-membership.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { startOidcFixture, type OidcFixture } from '../identity/oidc-setup.js';

/*
 * Real sign-ins through an OpenID Connect provider: the configured operator gets an operator
 * session (and no school's rights, whatever the ENT says); a member of a deactivated school is
 * refused before anything is written. Then a head's directory key, as `completeSignIn` hands a
 * checked identity to `redeemDirectoryKeyAppointments` (this provider sends no AAF key).
 */
describe('operator and closed-school sign-ins through a real OIDC provider', function () {
  this.timeout(30_000);
  let fixture: OidcFixture;
  let school: SchoolFactory;

  before(async () => {
    school = await SchoolFactory.create(testDataSource());
    fixture = await startOidcFixture({
      schools: [school.school.uai],
      adjust: (config) => ({ ...config, operators: [{ name: 'Équipe ENT', issuer: String(config.connectors[0]!.options.issuer), subject: 'ent-operator' }] }),
    });
  });
  after(() => fixture?.stop());

  it('opens an operator session for the configured operator, with no school rights', async () => {
    fixture.provider.accounts.set('operator', {
      sub: 'ent-operator',
      userinfo: { userId: 'ent-operator', firstName: 'Odile', lastName: 'OPÉRA', type: 'Personnel', uai: [school.school.uai] },
    });
    const { response, cookie } = await fixture.signIn('operator');
    expect(response.status, response.text).to.equal(303);
    const console = await request(fixture.testApp.app).get('/operator').set('Cookie', cookie);
    expect(console.status).to.equal(200);
    const home = await request(fixture.testApp.app).get('/home').set('Cookie', cookie);
    expect(home.headers.location).to.equal('/operator');
    const identity = await testDataSource().getRepository(ExternalIdentity).findOneByOrFail({ subject: 'ent-operator' });
    expect(await testDataSource().getRepository(SchoolMembership).countBy({ personId: identity.personId }), 'the ENT named a school: no role given').to.equal(0);
  });

  it("refuses a teacher of a deactivated school with SCHOOL_DEACTIVATED, creating nothing", async () => {
    await testDataSource().getRepository('school').update({ id: school.id }, { deactivatedAt: new Date() });
    try {
      fixture.provider.accounts.set('teacher.closed', {
        sub: 'ent-teacher-closed',
        userinfo: { userId: 'ent-teacher-closed', firstName: 'Jean', lastName: 'FERMÉ', type: 'Teacher', uai: [school.school.uai] },
      });
      const { response } = await fixture.signIn('teacher.closed');
      expect(response.status).to.equal(403);
      expect((response.body as { error: { code: string } }).error.code).to.equal('SCHOOL_DEACTIVATED');
      expect(await testDataSource().getRepository(ExternalIdentity).countBy({ subject: 'ent-teacher-closed' })).to.equal(0);
    } finally {
      await testDataSource().getRepository('school').update({ id: school.id }, { deactivatedAt: null });
    }
  });
});

describe("a head's directory key recorded by the operator", () => {
  const identity = (key: { kind: 'pupil' | 'guardian'; key: string }, uai: string): NormalizedIdentity => ({
    issuer: 'https://educonnect.test',
    subject: `sub-${key.key}`,
    connectorId: 'educonnect',
    directoryKeys: [key],
    schools: [{ school: { uai }, roles: [] }],
    classes: [],
    children: [],
  });

  it('makes the person signing in with it in that school its director, once, and nobody else', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const elsewhere = await SchoolFactory.create(testDataSource());
    await createDirectoryKeyAppointment(testDataSource(), school.id, 'AAF-HEAD-7', CLI_AGENT, new Date());
    const [pupil, stranger, head, late] = [await school.person(), await elsewhere.person(), await school.person(), await school.person()];
    const now = new Date();
    expect(await redeemDirectoryKeyAppointments(testDataSource(), identity({ kind: 'pupil', key: 'AAF-HEAD-7' }, school.school.uai), [], pupil.id, now)).to.deep.equal([]);
    expect(await redeemDirectoryKeyAppointments(testDataSource(), identity({ kind: 'guardian', key: 'AAF-HEAD-7' }, elsewhere.school.uai), [], stranger.id, now)).to.deep.equal([]);
    expect(await redeemDirectoryKeyAppointments(testDataSource(), identity({ kind: 'guardian', key: 'AAF-HEAD-7' }, school.school.uai), [], head.id, now)).to.deep.equal([school.id]);
    expect(await redeemDirectoryKeyAppointments(testDataSource(), identity({ kind: 'guardian', key: 'AAF-HEAD-7' }, school.school.uai), [], late.id, now)).to.deep.equal([]);
    const directors = await testDataSource().getRepository(SchoolMembership).findBy({ schoolId: school.id, role: 'director' });
    expect(directors.map((row) => row.personId)).to.deep.equal([head.id]);
    expect(await testDataSource().getRepository(AuditEvent).countBy({ schoolId: school.id, action: 'appointment.used', actorId: head.id })).to.equal(1);
  });
});
