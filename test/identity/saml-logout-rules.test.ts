import { expect } from 'chai';
import request from 'supertest';
import { IdentityPendingRequest } from '../../src/model/index.js';
import { testDataSource } from '../support/database.js';
import { makeTestKeyPair } from '../support/test-certificate.js';
import { sessionCookie } from './cookies.js';
import { educonnectAttributes } from './educonnect-accounts.js';
import { expectRefused } from './rejection.js';
import { startSamlFixture, type SamlFixture } from './saml-setup.js';

/*
 * One refusal per rule of SAML single logout as e-carnet applies it: every message signed (both
 * bindings, requests and responses), a LogoutResponse only in answer to a LogoutRequest e-carnet
 * sent, a LogoutRequest fresh and accepted once.
 */
describe('SAML single logout: one refusal per rule', function () {
  this.timeout(30_000);
  let fixture: SamlFixture;
  let serial = 0;

  before(async () => {
    fixture = await startSamlFixture();
  });
  after(() => fixture.stop());

  /** Signs a new person in; returns their NameID and session cookie. */
  async function signedIn(): Promise<{ nameId: string; cookie: string }> {
    serial += 1;
    const nameId = `transient-slo-rules-${serial}`;
    fixture.idp.accounts.set(nameId, { nameId, attributes: educonnectAttributes({ id: `ect-slo-rules-${serial}`, affiliation: 'resp1d', givenName: 'Noé', familyName: 'ROY' }) });
    const posted = await fixture.postResponse(fixture.idp.signIn(await fixture.startSignIn(), nameId).SAMLResponse);
    expect(posted.status, posted.text).to.equal(303);
    return { nameId, cookie: sessionCookie(posted)! };
  }

  const alive = async (cookie: string) => (await request(fixture.testApp.app).get('/api/v1/me').set('Cookie', cookie)).status === 200;
  const get = (url: string) => {
    const parsed = new URL(url);
    return request(fixture.testApp.app).get(`${parsed.pathname}${parsed.search}`).set('Accept', 'application/json');
  };
  const postLogout = (samlRequest: string) =>
    request(fixture.testApp.app).post(`/auth/saml/${fixture.connectorId}/logout`).type('form').set('Accept', 'application/json').send({ SAMLRequest: samlRequest });

  /** Signs out of e-carnet: the LogoutRequest e-carnet sends to the IdP. */
  async function signOut(cookie: string): Promise<string> {
    const me = await request(fixture.testApp.app).get('/api/v1/me').set('Cookie', cookie);
    const out = await request(fixture.testApp.app).post('/sign-out').set('Cookie', cookie).type('form').send({ _csrf: me.body.csrfToken });
    return String(out.headers.location);
  }

  it('accepts the IdP’s signed answer to the LogoutRequest e-carnet sent, once', async () => {
    const { cookie } = await signedIn();
    const sent = await signOut(cookie);
    const answer = fixture.idp.logout(sent);
    expect(await testDataSource().getRepository(IdentityPendingRequest).countBy({ id: fixture.idp.lastLogoutRequestId, protocol: 'saml-slo' })).to.equal(1);
    const landed = await get(answer);
    expect(landed.status).to.equal(303);
    expect(landed.headers.location).to.equal('/sign-in?signedOut=1');
    await expectRefused(() => get(answer), 'SAML_LOGOUT_INVALID');
  });

  it('refuses an unsigned LogoutResponse', async () => {
    const { cookie } = await signedIn();
    fixture.idp.logout(await signOut(cookie));
    await expectRefused(() => get(fixture.idp.logoutResponseUrl(fixture.idp.lastLogoutRequestId, false)), 'SAML_LOGOUT_INVALID');
  });

  it('refuses a signed LogoutResponse to a request e-carnet never sent', async () => {
    await expectRefused(() => get(fixture.idp.logoutResponseUrl('_never-sent-0000000000000000')), 'SAML_LOGOUT_INVALID');
  });

  it('ends the session on a signed LogoutRequest on the POST binding', async () => {
    const { nameId, cookie } = await signedIn();
    const answer = await postLogout(fixture.idp.logoutRequestPost(nameId));
    expect(answer.status, answer.text).to.equal(303);
    expect(await alive(cookie)).to.equal(false);
  });

  it('refuses an unsigned LogoutRequest on the POST binding, and one signed by another key', async () => {
    const { nameId, cookie } = await signedIn();
    await expectRefused(() => postLogout(fixture.idp.logoutRequestPost(nameId, null)), 'SAML_LOGOUT_INVALID');
    await expectRefused(() => postLogout(fixture.idp.logoutRequestPost(nameId, makeTestKeyPair('attacker'))), 'SAML_LOGOUT_INVALID');
    expect(await alive(cookie)).to.equal(true);
  });

  it('refuses a replayed LogoutRequest', async () => {
    const first = await signedIn();
    const url = fixture.idp.logoutRequestUrl(first.nameId, undefined, true, { id: '_replayed-logout-request-1' });
    expect((await get(url)).status).to.equal(303);
    const second = await signedIn();
    const replayed = fixture.idp.logoutRequestUrl(second.nameId, undefined, true, { id: '_replayed-logout-request-1' });
    await expectRefused(() => get(replayed), 'SAML_LOGOUT_INVALID');
    expect(await alive(second.cookie)).to.equal(true);
  });

  it('refuses a stale LogoutRequest: without NotOnOrAfter, issued more than a few minutes ago; or past its NotOnOrAfter', async () => {
    const { nameId, cookie } = await signedIn();
    const now = fixture.clock.now().getTime();
    await expectRefused(() => get(fixture.idp.logoutRequestUrl(nameId, undefined, true, { issueInstant: new Date(now - 10 * 60_000) })), 'SAML_LOGOUT_INVALID');
    await expectRefused(
      () => get(fixture.idp.logoutRequestUrl(nameId, undefined, true, { issueInstant: new Date(now - 60_000), notOnOrAfter: new Date(now - 120_000) })),
      'SAML_LOGOUT_INVALID',
    );
    expect(await alive(cookie)).to.equal(true);
  });
});
