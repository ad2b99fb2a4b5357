import { expect } from 'chai';
import request from 'supertest';
import type { Config } from '../../src/config/schema.js';
import { createTestApp } from '../support/app.js';
import { TestCasServer } from '../support/cas-server.js';
import { testConfig } from '../support/config.js';
import { demoPerson } from '../support/demo.js';
import { sessionCookie } from './cookies.js';
import { educonnectAttributes } from './educonnect-accounts.js';
import { startOidcFixture, type OidcFixture } from './oidc-setup.js';
import { expectRefused } from './rejection.js';
import { startSamlFixture, TEST_BASE_URL, type SamlFixture } from './saml-setup.js';

/** Signs out as the page's form does: with the session's CSRF token. */
async function signOut(app: Parameters<typeof request>[0], cookie: string): Promise<request.Response> {
  const me = await request(app).get('/api/v1/me').set('Cookie', cookie);
  expect(me.status).to.equal(200);
  return request(app).post('/sign-out').set('Cookie', cookie).type('form').send({ _csrf: me.body.csrfToken });
}

describe('sign-out ends the identity provider’s session too', function () {
  this.timeout(30_000);

  describe('SAML single logout', () => {
    let fixture: SamlFixture;
    before(async () => {
      fixture = await startSamlFixture();
      fixture.idp.accounts.set('slo', {
        nameId: 'transient-slo-1',
        attributes: educonnectAttributes({ id: 'ect-slo', affiliation: 'resp1d', givenName: 'Paul', familyName: 'ROY' }),
      });
    });
    after(() => fixture.stop());

    async function signedIn(): Promise<string> {
      const posted = await fixture.postResponse(fixture.idp.signIn(await fixture.startSignIn(), 'slo').SAMLResponse);
      return sessionCookie(posted)!;
    }

    it('sends a signed LogoutRequest to the IdP, whose LogoutResponse lands on the signed-out page', async () => {
      const cookie = await signedIn();
      expect(fixture.idp.sessions.get('transient-slo-1')?.size).to.be.greaterThan(0);
      const out = await signOut(fixture.testApp.app, cookie);
      expect(out.status).to.equal(303);
      const location = String(out.headers.location);
      expect(location.startsWith(fixture.idp.sloUrl)).to.equal(true);
      const back = new URL(fixture.idp.logout(location)); // checks the SP's signature
      expect(fixture.idp.sessions.get('transient-slo-1')?.size).to.equal(0);
      const landed = await request(fixture.testApp.app).get(`${back.pathname}${back.search}`);
      expect(landed.status).to.equal(303);
      expect(landed.headers.location).to.equal('/sign-in?signedOut=1');
      expect((await request(fixture.testApp.app).get('/api/v1/me').set('Cookie', cookie)).status).to.equal(401);
    });

    it('ends the e-carnet session when the IdP asks (signed LogoutRequest) and answers it', async () => {
      const cookie = await signedIn();
      const url = new URL(fixture.idp.logoutRequestUrl('transient-slo-1'));
      const answer = await request(fixture.testApp.app).get(`${url.pathname}${url.search}`);
      expect(answer.status).to.equal(303);
      expect(String(answer.headers.location)).to.match(new RegExp(`^${fixture.idp.sloUrl}\\?SAMLResponse=`));
      expect((await request(fixture.testApp.app).get('/api/v1/me').set('Cookie', cookie)).status).to.equal(401);
    });

    it('refuses an unsigned logout request, and keeps the session', async () => {
      const cookie = await signedIn();
      const url = new URL(fixture.idp.logoutRequestUrl('transient-slo-1', undefined, false));
      await expectRefused(() => request(fixture.testApp.app).get(`${url.pathname}${url.search}`).set('Accept', 'application/json'), 'SAML_LOGOUT_INVALID');
      expect((await request(fixture.testApp.app).get('/api/v1/me').set('Cookie', cookie)).status).to.equal(200);
    });
  });

  describe('OpenID Connect RP-initiated logout', () => {
    let fixture: OidcFixture;
    before(async () => {
      fixture = await startOidcFixture();
      fixture.provider.accounts.set('leaving', { sub: 'ent-leaving', userinfo: { firstName: 'Sam', lastName: 'LEROUX', type: 'Relative', uai: [] } });
    });
    after(() => fixture.stop());

    it('sends the browser to the provider’s end-session endpoint with the ID token hint', async () => {
      const { cookie } = await fixture.signIn('leaving');
      const out = await signOut(fixture.testApp.app, cookie);
      const location = new URL(String(out.headers.location));
      expect(location.origin).to.equal(fixture.provider.url);
      expect(location.searchParams.get('post_logout_redirect_uri')).to.equal(`${TEST_BASE_URL}/sign-in?signedOut=1`);
      expect(location.searchParams.get('id_token_hint')).to.match(/^ey/);
      expect((await request(fixture.testApp.app).get('/api/v1/me').set('Cookie', cookie)).status).to.equal(401);
    });
  });

  describe('CAS logout', () => {
    it('sends the browser to the CAS server’s logout with the signed-out page as service', async () => {
      const cas = await new TestCasServer().start();
      try {
        cas.accounts.set('u', { ENTPersonProfils: ['National_TUT'] });
        const config: Config = {
          ...testConfig({ ECARNET_BASE_URL: TEST_BASE_URL }),
          connectors: [{ id: 'ent-cas', type: 'cas', enabled: true, schools: [], options: { serverUrl: cas.url, allowInsecureHttp: true } }],
        };
        const { app } = createTestApp({ config });
        const login = await request(app).get('/auth/cas/ent-cas/login');
        const service = new URL(String(login.headers.location)).searchParams.get('service')!;
        const back = new URL(cas.issueTicket('u', service));
        const answer = await request(app).get(`${back.pathname}${back.search}`).set('Cookie', sessionCookie(login)!);
        const out = await signOut(app, sessionCookie(answer)!);
        expect(out.headers.location).to.equal(`${cas.url}/logout?service=${encodeURIComponent(`${TEST_BASE_URL}/sign-in?signedOut=1`)}`);
      } finally {
        await cas.stop();
      }
    });
  });

  it('signs out of e-carnet only, when the session came from no identity provider', async () => {
    const testApp = createTestApp();
    const { cookie } = await testApp.signIn((await demoPerson('Julie', 'Petit')).id);
    const out = await signOut(testApp.app, cookie);
    expect(out.headers.location).to.equal('/sign-in?signedOut=1');
  });
});
