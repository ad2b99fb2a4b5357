import { expect } from 'chai';
import { expectRefused } from './rejection.js';
import { startOidcFixture, type OidcFixture } from './oidc-setup.js';

/*
 * One test per rule of the authorisation code flow, against a real provider. Attacks that need a
 * misbehaving provider re-issue the ID token at its token endpoint (signed with its own key, a
 * foreign key, or not at all); code injection attacks obtain real codes with changed parameters.
 */
describe('OpenID Connect: one refusal per rule', function () {
  this.timeout(30_000);
  let fixture: OidcFixture;

  before(async () => {
    fixture = await startOidcFixture();
    fixture.provider.accounts.set('parent', {
      sub: 'ent-rules-parent',
      userinfo: { userId: 'ent-rules-parent', firstName: 'Rose', lastName: 'NOEL', type: 'Relative', uai: [] },
    });
  });
  afterEach(() => {
    fixture.provider.tamper = undefined;
    fixture.provider.tamperKey = 'provider';
  });
  after(() => fixture.stop());

  /** A sign-in up to the provider's answer, with the authorisation URL changed as the attack says. */
  async function answered(changeUrl: (url: URL) => void = () => undefined): Promise<{ back: URL; cookie: string; original: URL }> {
    const { location, cookie } = await fixture.startSignIn();
    const original = new URL(location);
    const attacked = new URL(location);
    changeUrl(attacked);
    return { back: await fixture.provider.authorize(attacked.href, 'parent'), cookie, original };
  }

  it('accepts the untouched flow (the control for every rule below)', async () => {
    const { back, cookie } = await answered();
    expect((await fixture.callback(back, cookie)).status).to.equal(303);
  });

  it('refuses a wrong state', async () => {
    const { back, cookie } = await answered();
    back.searchParams.set('state', 'forged-state-forged-state-forged-state-0000');
    await expectRefused(() => fixture.callback(back, cookie), 'OIDC_STATE_MISMATCH');
  });

  it('refuses a callback delivered to another browser (state bound to the session)', async () => {
    const { back } = await answered();
    const other = await fixture.startSignIn();
    await expectRefused(() => fixture.callback(back, other.cookie), 'OIDC_STATE_MISMATCH');
  });

  it('refuses a code whose ID token carries another nonce', async () => {
    const { back, cookie } = await answered((url) => url.searchParams.set('nonce', 'nonce-of-the-attacker-session-000000000000'));
    await expectRefused(() => fixture.callback(back, cookie), 'OIDC_NONCE_MISMATCH');
  });

  it('refuses a code issued for another PKCE challenge (code injection)', async () => {
    const { back, cookie } = await answered((url) => url.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'));
    await expectRefused(() => fixture.callback(back, cookie), 'OIDC_PKCE_MISMATCH');
  });

  it('refuses an ID token from another issuer', async () => {
    fixture.provider.tamper = (claims) => ({ ...claims, iss: 'https://other-ent.test' });
    const { back, cookie } = await answered();
    await expectRefused(() => fixture.callback(back, cookie), 'OIDC_ISSUER_MISMATCH');
  });

  it('refuses an authorisation response naming another issuer (mix-up)', async () => {
    const { back, cookie } = await answered();
    back.searchParams.set('iss', 'https://other-ent.test');
    await expectRefused(() => fixture.callback(back, cookie), 'OIDC_ISSUER_MISMATCH');
  });

  it('refuses an ID token meant for another client (audience)', async () => {
    fixture.provider.tamper = (claims) => ({ ...claims, aud: 'another-client' });
    const { back, cookie } = await answered();
    await expectRefused(() => fixture.callback(back, cookie), 'OIDC_AUDIENCE_MISMATCH');
  });

  it('refuses an expired ID token', async () => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    fixture.provider.tamper = (claims) => ({ ...claims, iat: past, exp: past + 600 });
    const { back, cookie } = await answered();
    await expectRefused(() => fixture.callback(back, cookie), 'OIDC_ID_TOKEN_EXPIRED');
  });

  it('refuses an ID token signed by another key', async () => {
    fixture.provider.tamper = (claims) => claims;
    fixture.provider.tamperKey = 'other';
    const { back, cookie } = await answered();
    await expectRefused(() => fixture.callback(back, cookie), 'OIDC_ID_TOKEN_INVALID');
  });

  it('refuses an unsigned ID token (alg none)', async () => {
    fixture.provider.tamper = (claims) => claims;
    fixture.provider.tamperKey = 'none';
    const { back, cookie } = await answered();
    await expectRefused(() => fixture.callback(back, cookie), 'OIDC_ID_TOKEN_INVALID');
  });

  it('refuses userinfo about another subject than the ID token', async () => {
    fixture.provider.tamper = (claims) => ({ ...claims, sub: 'ent-someone-else' });
    const { back, cookie } = await answered();
    await expectRefused(() => fixture.callback(back, cookie), 'OIDC_USERINFO_SUBJECT_MISMATCH');
  });

  it('refuses the same callback twice (state used once)', async () => {
    const { back, cookie } = await answered();
    expect((await fixture.callback(back, cookie)).status).to.equal(303);
    await expectRefused(() => fixture.callback(back, cookie), 'OIDC_STATE_MISMATCH');
  });

  it('refuses a callback after the sign-in expired', async () => {
    const { back, cookie } = await answered();
    fixture.clock.advanceMinutes(16);
    try {
      await expectRefused(() => fixture.callback(back, cookie), 'OIDC_STATE_MISMATCH');
    } finally {
      fixture.clock.advanceMinutes(-16);
    }
  });

  it('reports a refusal at the provider (the person declined)', async () => {
    const { original, cookie } = await answered();
    const back = new URL(`${original.searchParams.get('redirect_uri')}`);
    back.searchParams.set('error', 'access_denied');
    back.searchParams.set('state', original.searchParams.get('state')!);
    back.searchParams.set('iss', fixture.provider.url);
    await expectRefused(() => fixture.callback(back, cookie), 'OIDC_AUTHORIZATION_DENIED');
  });
});
