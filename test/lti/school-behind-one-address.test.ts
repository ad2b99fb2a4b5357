import { expect } from 'chai';
import request from 'supertest';
import { LTI_RATE_LIMITS } from '../../src/lti/rate-limits.js';
import { ROLE } from '../support/lti-platform.js';
import { countRows } from './support/database-facts.js';
import { ltiFixture, type LtiFixture } from './support/fixture.js';
import { errorCode } from './support/launch.js';

/*
 * A whole school reaches e-carnet through one address (its proxy, or the académie's): every
 * pupil's launch at 08:00 comes from it. Normal use is never held back; what fails is.
 */
describe('LTI: a school behind one address', function () {
  this.timeout(300_000);
  let lti: LtiFixture;
  // The tool trusts the loopback as its proxy: each test speaks for an address of its own.
  before(async () => {
    lti = await ltiFixture({ adjust: (config) => ({ ...config, trustProxy: 'loopback' }) });
  });
  after(async () => {
    await lti.close();
  });

  /** One complete launch from `address`: login, the platform's authorization, the form post. */
  async function launchFrom(address: string, user: string): Promise<number> {
    const agent = request.agent(lti.tool.url);
    const login = await agent.get('/lti/login').set('X-Forwarded-For', address).query(lti.platform.loginParameters({ user, type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' }));
    if (login.status !== 302) return login.status;
    const form = await lti.platform.authorize(String(login.headers.location));
    const launched = await agent.post('/lti/launch').set('X-Forwarded-For', address).type('form').send({ id_token: form.idToken, state: form.state });
    const cookies = (launched.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
    return launched.status === 303 && cookies.some((line) => line.startsWith('ecarnet_session=')) ? 303 : launched.status;
  }

  it('1,000 launches from one address within a minute all succeed (a collège starting its lessons)', async () => {
    const pupils = Array.from({ length: 200 }, (_, index) => lti.platform.addUser({ sub: `college-${index}`, givenName: 'Élève', familyName: `N°${index}`, roles: [ROLE.learner] }).sub);
    lti.clock.advanceMinutes(5);
    const started = lti.clock.now().getTime();
    // Each pupil launches five times (a first launch, then other lessons and tabs), 40 browsers at
    // a time; the test clock stands still, so all of them fall in the same minute.
    const users = [...pupils, ...pupils, ...pupils, ...pupils, ...pupils];
    const statuses: number[] = [];
    for (let index = 0; index < users.length; index += 40) {
      statuses.push(...(await Promise.all(users.slice(index, index + 40).map((user) => launchFrom('198.51.100.20', user)))));
    }
    expect(lti.clock.now().getTime() - started).to.be.below(60_000);
    const refused = statuses.filter((status) => status !== 303);
    expect(refused, `refused: ${JSON.stringify(refused.slice(0, 5))}`).to.deep.equal([]);
    expect(statuses).to.have.length(1000);
    expect(await countRows('http_session', 'signInMethod = ?', [`lti:${lti.registration.id}`])).to.be.at.least(1000);
  });

  it('a flood of login initiations for unknown issuers from one address is cut off, writes nothing, and does not hold back the school', async () => {
    lti.clock.advanceMinutes(5);
    const flood = () =>
      lti
        .browser()
        .get('/lti/login')
        .set('X-Forwarded-For', '198.51.100.66')
        .query({ ...lti.platform.loginParameters({ user: 'pupil-1', type: 'LtiResourceLinkRequest' }), iss: `https://forged-${Math.random()}.example` });
    const before = await countRows('lti_login');
    const codes: string[] = [];
    for (let index = 0; index < LTI_RATE_LIMITS.refused.limit + 5; index += 1) codes.push(`${(await flood()).status}`);
    expect(codes.slice(0, LTI_RATE_LIMITS.refused.limit).every((code) => code === '400')).to.equal(true);
    expect(codes.slice(LTI_RATE_LIMITS.refused.limit).every((code) => code === '429')).to.equal(true);
    const limited = await flood();
    expect([limited.status, errorCode(limited)]).to.deep.equal([429, 'LTI_TOO_MANY_REQUESTS']);
    expect(Number(limited.headers['retry-after'])).to.be.within(1, 60);
    expect(await countRows('lti_login'), 'no login stored for a refused one').to.equal(before);

    expect(await launchFrom('198.51.100.66', 'pupil-2'), 'a real launch from the same address').to.equal(303);
    lti.clock.advanceMinutes(1);
    expect((await flood()).status, 'the next minute').to.equal(400);
  });

  it('a flood of forged launches from one address is cut off the same way', async () => {
    lti.clock.advanceMinutes(5);
    const forged = () => lti.browser().post('/lti/launch').set('X-Forwarded-For', '198.51.100.67').type('form').send({ id_token: 'x.y.z', state: `never-issued-${Math.random()}` });
    const statuses: number[] = [];
    for (let index = 0; index < LTI_RATE_LIMITS.refused.limit + 2; index += 1) statuses.push((await forged()).status);
    expect(statuses.slice(0, LTI_RATE_LIMITS.refused.limit).every((status) => status === 401)).to.equal(true);
    const limited = await forged();
    expect([limited.status, errorCode(limited)]).to.deep.equal([429, 'LTI_TOO_MANY_REQUESTS']);
    expect(await launchFrom('198.51.100.67', 'pupil-3'), 'a real launch from the same address').to.equal(303);
  });
});
