import { expect } from 'chai';
import request from 'supertest';
import { sessionCookie } from './cookies.js';
import { educonnectAttributes } from './educonnect-accounts.js';
import { expectRefused } from './rejection.js';
import { startSamlFixture, type SamlFixture } from './saml-setup.js';

/*
 * Login CSRF: someone starts a sign-in, gets a genuine response for their own account, and posts
 * it from their page into someone else's browser. The response is valid; only the browser is
 * wrong. e-carnet binds each AuthnRequest to the browser that sent it (a cookie whose hash is kept
 * with the request) and refuses the answer anywhere else.
 */

async function signedInAs(fixture: SamlFixture, cookie: string | undefined): Promise<string | undefined> {
  if (!cookie) return undefined;
  const me = await request(fixture.testApp.app).get('/api/v1/me').set('Cookie', cookie);
  return me.status === 200 ? String(me.body?.givenName ?? '') : undefined;
}

describe('SAML sign-in bound to its browser, over https (SameSite=None binding cookie)', function () {
  this.timeout(30_000);
  let fixture: SamlFixture;
  before(async () => {
    fixture = await startSamlFixture({ baseUrl: 'https://e-carnet.test' });
    fixture.idp.accounts.set('attacker', { nameId: 'transient-attacker', attributes: educonnectAttributes({ id: 'ect-csrf-attacker', affiliation: 'resp1d', givenName: 'Eve', familyName: 'ATTACK' }) });
  });
  after(() => fixture.stop());

  it('gives the browser a secure cross-site binding cookie for the request', async () => {
    const login = await request(fixture.testApp.app).get('/auth/saml/educonnect/login');
    const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).find((header) => header.startsWith('ecarnet_saml_'));
    expect(cookie).to.match(/HttpOnly/).and.to.match(/Secure/).and.to.match(/SameSite=None/).and.to.match(/Path=\/auth\/saml\/educonnect/);
  });

  it('refuses a response posted from another browser: SAML_REQUEST_NOT_THIS_BROWSER, and the victim stays who they were', async () => {
    const response = fixture.idp.signIn(await fixture.startSignIn(), 'attacker').SAMLResponse;
    const victim = sessionCookie(await request(fixture.testApp.app).get('/sign-in'));
    await expectRefused(() => fixture.postResponseFromAnotherBrowser(response, victim), 'SAML_REQUEST_NOT_THIS_BROWSER');
    // The genuine browser can still use its own response.
    const own = await fixture.postResponse(response);
    expect(own.status, own.text).to.equal(303);
    expect(await signedInAs(fixture, sessionCookie(own))).to.equal('Eve');
  });
});

describe('SAML sign-in bound to its browser, over plain http (same-site confirmation)', function () {
  this.timeout(30_000);
  let fixture: SamlFixture;
  before(async () => {
    fixture = await startSamlFixture();
    fixture.idp.accounts.set('attacker', { nameId: 'transient-attacker', attributes: educonnectAttributes({ id: 'ect-csrf-attacker-2', affiliation: 'resp1d', givenName: 'Eve', familyName: 'ATTACK' }) });
  });
  after(() => fixture.stop());

  it('holds a response that came without the Lax cookie, and finishes it when its browser comes back same-site', async () => {
    const response = fixture.idp.signIn(await fixture.startSignIn('/home'), 'attacker').SAMLResponse;
    // The IdP's cross-site POST: the Lax binding cookie does not come with it.
    const held = await fixture.postResponseFromAnotherBrowser(response);
    expect(held.status, held.text).to.equal(303);
    expect(String(held.headers.location)).to.match(/^\/auth\/saml\/educonnect\/acs\?request=_[0-9a-f]+$/);
    expect(held.headers['set-cookie'] ?? []).not.to.satisfy((cookies: string[]) => cookies.some((cookie) => cookie.startsWith('ecarnet_session=')));
    const finished = await fixture.follow(String(held.headers.location), 'same');
    expect(finished.status, finished.text).to.equal(303);
    expect(finished.headers.location).to.equal('/home');
    expect(await signedInAs(fixture, sessionCookie(finished))).to.equal('Eve');
  });

  it('refuses, at the confirmation, a response posted into another browser: SAML_REQUEST_NOT_THIS_BROWSER', async () => {
    const response = fixture.idp.signIn(await fixture.startSignIn(), 'attacker').SAMLResponse;
    const victim = sessionCookie(await request(fixture.testApp.app).get('/sign-in'))!;
    const held = await fixture.postResponseFromAnotherBrowser(response, victim);
    expect(held.status, held.text).to.equal(303);
    expect(held.headers['set-cookie'] ?? []).not.to.satisfy((cookies: string[]) => cookies.some((cookie) => cookie.startsWith('ecarnet_session=')));
    const location = new URL(String(held.headers.location), 'http://e-carnet.test');
    await expectRefused(
      () => request(fixture.testApp.app).get(`${location.pathname}${location.search}`).set('Accept', 'application/json').set('Cookie', victim),
      'SAML_REQUEST_NOT_THIS_BROWSER',
    );
    expect(await signedInAs(fixture, victim)).to.equal(undefined);
  });

  it('refuses a confirmation for a request that holds no response', async () => {
    const location = await fixture.startSignIn();
    const requestId = fixture.idp.receiveAuthnRequest(location).id;
    await expectRefused(() => fixture.follow(`/auth/saml/educonnect/acs?request=${requestId}`), 'SAML_IN_RESPONSE_TO_UNKNOWN');
  });
});
