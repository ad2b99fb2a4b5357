import { expect } from 'chai';
import { newId } from '../../src/model/columns.js';
import { LtiContextSync } from '../../src/model/lti-context-sync.js';
import { LtiDeepLinkRequest } from '../../src/model/lti-deep-link-request.js';
import { LtiHandoff } from '../../src/model/lti-handoff.js';
import { LtiLogin } from '../../src/model/lti-login.js';
import { LtiRegistrationInvite } from '../../src/model/lti-registration-invite.js';
import { testDataSource } from '../support/database.js';
import type { SimMessage } from '../support/lti-platform.js';
import { countRows } from './support/database-facts.js';
import { ltiFixture, type LtiFixture } from './support/fixture.js';
import { errorCode } from './support/launch.js';
import { LOGIN_BUDGET, loginBudget, loginBudgetKey } from '../../src/lti/login/login-budget.js';
import { LtiDeployment } from '../../src/model/lti-deployment.js';
import { Person, SchoolMembership } from '../../src/model/index.js';
import { SchoolFactory } from '../support/factories.js';
import { LtiPlatformSimulator } from '../support/lti-platform.js';
import { registerPlatform } from './support/tool.js';

/*
 * One-time state does not pile up: expired logins, handoffs, deep-link requests, registration
 * links and forgotten roster syncs are deleted, and login initiation, which anyone may call, is
 * limited per address and deployment within a budget sized from the school's roster.
 */
describe('LTI one-time state', function () {
  this.timeout(60_000);
  let lti: LtiFixture;
  const message: SimMessage = { user: 'teacher-1', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' };

  before(async () => {
    lti = await ltiFixture({ adjust: (config) => ({ ...config, trustProxy: 'loopback' }) });
  });
  after(async () => {
    await lti.close();
  });

  it('expired rows of every one-time table are purged; live ones are kept', async () => {
    const now = lti.clock.now();
    const at = (hours: number) => new Date(now.getTime() + hours * 3_600_000);
    const person = await lti.school.person();
    const klass = await lti.school.class();
    const rows = { old: newId(), fresh: newId() };
    const login = (id: string, expiresAt: Date) => ({
      id,
      stateHash: id.replace(/-/g, '').padEnd(64, '0'),
      nonce: `nonce-${id}`,
      platformId: lti.registration.id,
      targetLinkUri: 'x',
      loginParamsJson: '{}',
      storageTarget: null,
      bindingHash: null,
      createdAt: at(-100),
      expiresAt,
      usedAt: null,
    });
    await testDataSource().getRepository(LtiLogin).insert([login(rows.old, at(-3)), login(rows.fresh, at(1))]);
    const handoff = (id: string, expiresAt: Date) => ({
      id,
      codeHash: id.replace(/-/g, '').padEnd(64, '1'),
      secretHash: '0'.repeat(64),
      personId: person.id,
      signInMethod: 'lti:x',
      targetPath: '/home',
      createdAt: at(-100),
      expiresAt,
      usedAt: null,
    });
    await testDataSource().getRepository(LtiHandoff).insert([handoff(rows.old, at(-3)), handoff(rows.fresh, at(1))]);
    const deepLink = (id: string, expiresAt: Date) => ({
      id,
      tokenHash: id.replace(/-/g, '').padEnd(64, '2'),
      platformId: lti.registration.id,
      deploymentId: 'd',
      personId: person.id,
      schoolId: lti.school.id,
      classId: null,
      returnUrl: 'https://ent.example.fr/return',
      data: 'opaque',
      acceptMultiple: false,
      language: 'fr',
      createdAt: at(-100),
      expiresAt,
      usedAt: null,
    });
    await testDataSource().getRepository(LtiDeepLinkRequest).insert([deepLink(rows.old, at(-3)), deepLink(rows.fresh, at(1))]);
    const invite = (id: string, expiresAt: Date) => ({
      id,
      tokenHash: id.replace(/-/g, '').padEnd(64, '3'),
      schoolId: lti.school.id,
      createdById: person.id,
      createdAt: at(-2000),
      expiresAt,
      usedAt: null,
      platformId: null,
    });
    await testDataSource().getRepository(LtiRegistrationInvite).insert([invite(rows.old, at(-31 * 24)), invite(rows.fresh, at(-1))]);
    await testDataSource().getRepository(LtiContextSync).insert({
      id: rows.old,
      platformId: lti.registration.id,
      contextId: 'forgotten-course',
      classId: klass.id,
      startedAt: at(-31 * 24),
      finishedAt: null,
      outcome: null,
      detailJson: null,
    });

    lti.clock.advanceMinutes(2);
    await lti.browser().get('/lti/login').query(lti.platform.loginParameters(message));

    for (const table of ['lti_login', 'lti_handoff', 'lti_deep_link_request', 'lti_registration_invite']) {
      expect(await countRows(table, 'id = ?', [rows.old]), `${table}: old row`).to.equal(0);
      expect(await countRows(table, 'id = ?', [rows.fresh]), `${table}: live row`).to.equal(1);
    }
    expect(await countRows('lti_context_sync', 'id = ?', [rows.old]), 'a sync nobody launched for a month').to.equal(0);
  });

  it('successful login initiations are limited per address and deployment, within a budget sized from the school’s roster', async () => {
    lti.clock.advanceMinutes(2);
    const now = lti.clock.now();
    const from = (address: string) => lti.browser().get('/lti/login').set('X-Forwarded-For', address).query(lti.platform.loginParameters(message));
    expect((await from('203.0.113.7')).status).to.equal(302);
    const deployment = await testDataSource().getRepository(LtiDeployment).findOneByOrFail({ platformId: lti.registration.id, deploymentId: lti.platform.deploymentId });
    const budget = await loginBudget(testDataSource(), lti.registration, deployment, now);
    expect(budget.limit, 'a small school still gets the floor').to.equal(LOGIN_BUDGET.floor);
    // The window as a flood would leave it, one login short of the budget.
    const windowStart = Math.floor(now.getTime() / budget.windowMs) * budget.windowMs;
    const bucket = `${loginBudgetKey('203.0.113.7', lti.registration, deployment)}@${windowStart}`;
    await testDataSource().query('UPDATE rate_limit_window SET hits = ? WHERE bucket = ?', [budget.limit - 1, bucket]);

    const before = await countRows('lti_login');
    expect((await from('203.0.113.7')).status, 'the last login of the budget').to.equal(302);
    const limited = await from('203.0.113.7');
    expect([limited.status, errorCode(limited)]).to.deep.equal([429, 'LTI_TOO_MANY_REQUESTS']);
    expect(Number(limited.headers['retry-after'])).to.be.within(1, 60);
    expect(await countRows('lti_login'), 'no row for the refused login').to.equal(before + 1);
    expect((await from('203.0.113.8')).status, 'another address').to.equal(302);
    lti.clock.advanceMinutes(1);
    expect((await from('203.0.113.7')).status, 'the next minute').to.equal(302);
  });

  it('a school’s budget grows with its roster', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const platform = await LtiPlatformSimulator.start({ clock: lti.clock });
    try {
      platform.useTool(lti.tool.url);
      const registration = await registerPlatform(platform, school.id, lti.clock.now());
      const people = LOGIN_BUDGET.floor / LOGIN_BUDGET.perPerson + 10;
      const memberships = Array.from({ length: people }, () => ({ personId: newId(), schoolId: school.id, role: 'pupil', startedAt: lti.clock.now() }));
      for (let index = 0; index < people; index += 100) {
        const chunk = memberships.slice(index, index + 100);
        const person = chunk.map(({ personId }) => ({ id: personId, givenName: 'É', familyName: 'Lève', preferredLanguage: 'fr', email: null, phone: null, birthDate: null, createdAt: lti.clock.now() }));
        await testDataSource().createQueryBuilder().insert().into(Person).values(person).updateEntity(false).execute();
        const rows = chunk.map((row) => ({ ...row, id: newId(), role: 'pupil' as const, staffFunction: null, endedAt: null }));
        await testDataSource().createQueryBuilder().insert().into(SchoolMembership).values(rows).updateEntity(false).execute();
      }
      const budget = await loginBudget(testDataSource(), registration, undefined, lti.clock.now());
      expect(budget.limit).to.be.at.least(LOGIN_BUDGET.perPerson * people);
    } finally {
      await platform.close();
    }
  });
});
