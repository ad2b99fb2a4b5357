import { expect } from 'chai';
import request from 'supertest';
import type { Config } from '../../src/config/schema.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { casLogoutRequest, TestCasServer } from '../support/cas-server.js';
import { testConfig } from '../support/config.js';
import { sessionCookie } from './cookies.js';
import { expectRefused } from './rejection.js';
import { TEST_BASE_URL } from './saml-setup.js';

/*
 * CAS back-channel logout is not signed: anyone who learnt a service ticket (it travels in the
 * browser's address bar) could post it and end that session. It is accepted only from the CAS
 * server's addresses (as `trust proxy` reads them), fresh, and once; refused otherwise.
 */
describe('CAS back-channel logout', function () {
  this.timeout(30_000);
  let cas: TestCasServer;

  before(async () => {
    cas = await new TestCasServer().start();
    cas.accounts.set('parent.roux', { ENTPersonProfils: ['National_TUT'] });
  });
  after(() => cas.stop());

  /** An app behind a proxy on loopback, whose CAS connector accepts logouts from `from` (none: not at all). */
  function appWith(from?: readonly string[]): TestApp {
    const config: Config = {
      ...testConfig({ ECARNET_BASE_URL: TEST_BASE_URL, ECARNET_TRUST_PROXY: 'loopback' }),
      connectors: [
        { id: 'ent-cas', type: 'cas', enabled: true, schools: [], options: { serverUrl: cas.url, allowInsecureHttp: true, ...(from ? { backChannelLogoutFrom: from } : {}) } },
      ],
    };
    return createTestApp({ config });
  }

  /** Signs in through CAS; returns the session cookie and the service ticket used. */
  async function signedIn(testApp: TestApp): Promise<{ cookie: string; ticket: string }> {
    const login = await request(testApp.app).get('/auth/cas/ent-cas/login');
    const back = new URL(cas.issueTicket('parent.roux', new URL(String(login.headers.location)).searchParams.get('service')!));
    const answer = await request(testApp.app).get(`${back.pathname}${back.search}`).set('Cookie', sessionCookie(login)!);
    expect(answer.status, answer.text).to.equal(303);
    return { cookie: sessionCookie(answer)!, ticket: back.searchParams.get('ticket')! };
  }

  const alive = async (testApp: TestApp, cookie: string) => (await request(testApp.app).get('/api/v1/me').set('Cookie', cookie)).status === 200;
  const logout = (testApp: TestApp, body: string, forwardedFor?: string) => {
    const post = request(testApp.app).post('/auth/cas/ent-cas/callback').type('form').set('Accept', 'application/json');
    if (forwardedFor) post.set('X-Forwarded-For', forwardedFor);
    return post.send({ logoutRequest: body });
  };

  it('ends the session when the CAS server, from its own address, names the ticket (control)', async () => {
    const testApp = appWith(['127.0.0.1', '::1']);
    const { cookie, ticket } = await signedIn(testApp);
    expect((await logout(testApp, casLogoutRequest('LR-ok', testApp.clock.now(), ticket))).status).to.equal(204);
    expect(await alive(testApp, cookie)).to.equal(false);
  });

  it('refuses a logout posted from another address (forwarded by the trusted proxy): CAS_LOGOUT_REFUSED, the session lives', async () => {
    const testApp = appWith(['127.0.0.1', '::1']);
    const { cookie, ticket } = await signedIn(testApp);
    await expectRefused(() => logout(testApp, casLogoutRequest('LR-forged', testApp.clock.now(), ticket), '203.0.113.9'), 'CAS_LOGOUT_REFUSED');
    expect(await alive(testApp, cookie)).to.equal(true);
  });

  it('refuses every back-channel logout when the connector names no CAS server address', async () => {
    const testApp = appWith();
    const { cookie, ticket } = await signedIn(testApp);
    await expectRefused(() => logout(testApp, casLogoutRequest('LR-none', testApp.clock.now(), ticket)), 'CAS_LOGOUT_REFUSED');
    expect(await alive(testApp, cookie)).to.equal(true);
  });

  it('refuses a stale logout request and a replayed one: CAS_LOGOUT_INVALID', async () => {
    const testApp = appWith(['127.0.0.1', '::1']);
    const { cookie, ticket } = await signedIn(testApp);
    const stale = new Date(testApp.clock.now().getTime() - 10 * 60_000);
    await expectRefused(() => logout(testApp, casLogoutRequest('LR-stale', stale, ticket)), 'CAS_LOGOUT_INVALID');
    await expectRefused(() => logout(testApp, casLogoutRequest('', testApp.clock.now(), ticket)), 'CAS_LOGOUT_INVALID');
    expect(await alive(testApp, cookie)).to.equal(true);

    const first = await logout(testApp, casLogoutRequest('LR-once', testApp.clock.now(), 'ST-unknown-ticket-000'));
    expect(first.status).to.equal(204);
    await expectRefused(() => logout(testApp, casLogoutRequest('LR-once', testApp.clock.now(), ticket)), 'CAS_LOGOUT_INVALID');
    expect(await alive(testApp, cookie)).to.equal(true);
  });

  it('refuses a proxy ticket (PT-) at the service URL: only service tickets sign in', async () => {
    const testApp = appWith();
    const login = await request(testApp.app).get('/auth/cas/ent-cas/login');
    const service = new URL(String(login.headers.location)).searchParams.get('service')!;
    const url = new URL(`${service}&ticket=PT-1-abcdefabcdefabcdef`);
    await expectRefused(
      () => request(testApp.app).get(`${url.pathname}${url.search}`).set('Cookie', sessionCookie(login)!).set('Accept', 'application/json'),
      'CAS_TICKET_INVALID',
    );
  });
});
