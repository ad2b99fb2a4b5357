import { expect } from 'chai';
import request from 'supertest';
import { launchablePath } from '../../src/lti/login/target-link.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { LtiPlatformSimulator, ROLE } from '../support/lti-platform.js';
import { countRows } from './support/database-facts.js';
import { ltiFixture, type LtiFixture } from './support/fixture.js';
import { errorCode, launch, postLaunch, startLogin } from './support/launch.js';
import { registerPlatform, startTool } from './support/tool.js';

/*
 * Step 1 of the launch, third-party initiated login: who may start one, where it may land, and
 * how its state is bound to the browser.
 */
describe('LTI login initiation', function () {
  this.timeout(30_000);
  let lti: LtiFixture;
  const message = { user: 'teacher-1', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' } as const;

  before(async () => {
    lti = await ltiFixture();
  });
  after(async () => {
    await lti.close();
  });

  it('sends the browser to the platform with a fresh state and nonce, kept ten minutes, the state bound by a cookie', async () => {
    const login = await startLogin(lti.browser(), lti.platform, message);
    expect(login.response.status).to.equal(302);
    const query = Object.fromEntries(new URL(login.authorizationUrl).searchParams);
    expect(login.authorizationUrl.startsWith(`${lti.platform.url}/auth?`)).to.equal(true);
    expect(query).to.include({
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: lti.platform.clientId,
      redirect_uri: `${lti.tool.url}/lti/launch`,
      login_hint: 'teacher-1',
    });
    expect(query.lti_message_hint).to.be.a('string');
    expect(login.state).to.have.length.greaterThan(40);
    expect(login.nonce).to.have.length.greaterThan(40).and.not.equal(login.state);

    const cookie = (login.response.headers['set-cookie'] as unknown as string[]).find((line) => line.startsWith('ecarnet_lti_state_'))!;
    expect(cookie).to.include(`=${login.state};`).and.to.include('Path=/lti').and.to.include('HttpOnly').and.to.include('SameSite=Lax');
    expect(cookie).to.match(/Max-Age=600/);
    expect(await countRows('lti_login', 'nonce = ? AND usedAt IS NULL', [login.nonce])).to.equal(1);
  });

  it('accepts the login initiation as a POST too', async () => {
    const response = await lti
      .browser()
      .post('/lti/login')
      .type('form')
      .send(lti.platform.loginParameters(message));
    expect(response.status).to.equal(302);
    expect(response.headers.location).to.match(/\/auth\?/);
  });

  it('refuses an issuer, or a client id, that is not registered, and stores nothing', async () => {
    const before = await countRows('lti_login');
    const unknownIssuer = await lti.browser().get('/lti/login').query({ ...lti.platform.loginParameters(message), iss: 'https://unknown.example' });
    expect([unknownIssuer.status, errorCode(unknownIssuer)]).to.deep.equal([400, 'LTI_PLATFORM_UNKNOWN']);
    const unknownClient = await lti.browser().get('/lti/login').query({ ...lti.platform.loginParameters(message), client_id: 'someone-else' });
    expect(errorCode(unknownClient)).to.equal('LTI_PLATFORM_UNKNOWN');
    expect(await countRows('lti_login')).to.equal(before);
  });

  it('refuses a login without login_hint or target_link_uri, naming the field', async () => {
    const { login_hint: _dropped, ...params } = lti.platform.loginParameters(message);
    const response = await lti.browser().get('/lti/login').set('Accept', 'application/json').query(params);
    expect(response.status).to.equal(400);
    expect(response.body.error.code).to.equal('LTI_LOGIN_INVALID');
    expect(response.body.error.fields.map((field: { field: string }) => field.field)).to.deep.equal(['login_hint']);
  });

  it('names what is wrong with each field as a problem code, and says it in the reader’s language', async () => {
    const { login_hint: _dropped, ...params } = lti.platform.loginParameters(message);
    const json = await lti
      .browser()
      .get('/lti/login')
      .set('Accept', 'application/json')
      .set('Accept-Language', 'fr')
      .query({ ...params, lti_storage_target: 'not a frame name!' });
    expect(json.body.error.fields).to.deep.equal([
      { field: 'login_hint', problem: 'required', message: 'Ce champ est obligatoire.' },
      { field: 'lti_storage_target', problem: 'invalidFormat', message: 'Le format n’est pas valide.' },
    ]);
    const page = await lti.browser().get('/lti/login').set('Accept-Language', 'fr').query(params);
    expect(page.text).to.include('Ce champ est obligatoire.').and.not.to.include('Invalid input').and.not.to.include('expected string');
  });

  it('refuses a target_link_uri that would lead elsewhere (no open redirect)', async () => {
    for (const target of [
      'https://attacker.example/lti/launch',
      `${lti.tool.url.replace('127.0.0.1', 'localhost')}/home`,
      `${lti.tool.url}/sign-out`,
      `${lti.tool.url}/api/v1/me`,
      `${lti.tool.url}/lti/../sign-out`,
      `${lti.tool.url}/classes/not-a-uuid`,
      'javascript:alert(1)',
    ]) {
      const response = await lti.browser().get('/lti/login').query({ ...lti.platform.loginParameters(message), target_link_uri: target });
      expect(errorCode(response), target).to.equal('LTI_TARGET_LINK_NOT_ALLOWED');
    }
  });

  it('knows the module’s pages under a path prefix', () => {
    const base = 'https://ent.example.fr/e-carnet';
    expect(launchablePath(base, `${base}/lti/launch`)).to.equal('/lti/launch');
    expect(launchablePath(base, `${base}/pupils/0b7d5c2e-1f7a-4a57-9a59-2f8a54d6d3c1`)).to.equal('/pupils/0b7d5c2e-1f7a-4a57-9a59-2f8a54d6d3c1');
    expect(launchablePath(base, 'https://ent.example.fr/other-app/home')).to.equal(undefined);
    expect(launchablePath(base, 'https://ent.example.fr/e-carnet-evil/home')).to.equal(undefined);
    expect(launchablePath(base, 'https://user:pw@ent.example.fr/e-carnet/home')).to.equal(undefined);
  });

  it('needs a client id when an issuer registered twice', async () => {
    const twin = await LtiPlatformSimulator.start({ clock: lti.clock, issuer: lti.platform.issuer });
    try {
      twin.clientId = 'twin-client';
      twin.useTool(lti.tool.url);
      await registerPlatform(twin, lti.school.id, lti.clock.now());
      const { client_id: _dropped, ...params } = lti.platform.loginParameters(message);
      expect(errorCode(await lti.browser().get('/lti/login').query(params))).to.equal('LTI_PLATFORM_UNKNOWN');
    } finally {
      await twin.close();
    }
  });

  it('over HTTPS, binds the state and the session with Secure, SameSite=None, Partitioned cookies (they must live in the ENT iframe)', async () => {
    // The platform calls back the tool at its real address, but e-carnet believes it is served over HTTPS.
    const tool = await startTool({ clock: lti.clock, adjust: (config) => ({ ...config, session: { ...config.session, crossSiteCookies: true } }) });
    const platform = await LtiPlatformSimulator.start({ clock: lti.clock });
    try {
      platform.useTool(tool.url);
      const school = await SchoolFactory.create(testDataSource());
      await registerPlatform(platform, school.id, lti.clock.now());
      platform.addUser({ sub: 'secure-teacher', roles: [ROLE.instructor] });
      const agent = request.agent(tool.url);
      const login = await startLogin(agent, platform, { user: 'secure-teacher', type: 'LtiResourceLinkRequest' });
      const stateCookie = (login.response.headers['set-cookie'] as unknown as string[]).find((line) => line.startsWith('ecarnet_lti_state_'))!;
      expect(stateCookie).to.include('Secure').and.to.include('SameSite=None').and.to.include('Partitioned').and.to.include('HttpOnly');

      const form = await platform.authorize(login.authorizationUrl);
      // supertest's cookie jar keeps Secure cookies off plain HTTP, as a browser would: send it by hand.
      const launched = await request(tool.url)
        .post('/lti/launch')
        .set('Cookie', stateCookie.split(';')[0]!)
        .type('form')
        .send({ id_token: form.idToken, state: form.state });
      expect(launched.status).to.equal(303);
      const cookies = launched.headers['set-cookie'] as unknown as string[];
      const session = cookies.find((line) => line.startsWith('ecarnet_session='))!;
      expect(session).to.include('Secure').and.to.include('SameSite=None').and.to.include('Partitioned');
      expect(cookies.find((line) => line.startsWith('ecarnet_lti_state_')), 'the spent state cookie is cleared').to.match(/Expires=Thu, 01 Jan 1970/);
    } finally {
      await tool.close();
      await platform.close();
    }
  });

  it('offers platform storage when the platform names an lti_storage_target, and still sets the cookie', async () => {
    const login = await startLogin(lti.browser(), lti.platform, message, { storageTarget: '_parent' });
    expect(login.response.status).to.equal(200);
    expect(login.response.headers['cache-control']).to.equal('no-store');
    expect(login.response.text).to.include('data-mode="put"').and.to.include(`data-origin="${lti.platform.url}"`).and.to.include('/static/lti-storage.js');
    expect((login.response.headers['set-cookie'] as unknown as string[]).some((line) => line.startsWith('ecarnet_lti_state_'))).to.equal(true);
  });

  it('a launch posted without any state is refused', async () => {
    const response = await lti.browser().post('/lti/launch').type('form').send({ id_token: 'x.y.z' });
    expect(errorCode(response)).to.equal('LTI_STATE_MISMATCH');
    const agent = lti.browser();
    const login = await startLogin(agent, lti.platform, message);
    expect(errorCode(await postLaunch(agent, '', login.state))).to.equal('LTI_TOKEN_MALFORMED');
  });

  it('the platform’s own refusal (an OIDC error response) is told as such', async () => {
    const agent = lti.browser();
    const login = await startLogin(agent, lti.platform, message);
    const response = await agent.post('/lti/launch').type('form').send({ error: 'login_required', state: login.state });
    expect([response.status, errorCode(response)]).to.deep.equal([401, 'LTI_PLATFORM_REFUSED']);
  });

  it('a complete launch clears its state cookie', async () => {
    const agent = lti.browser();
    const response = await launch(agent, lti.platform, message);
    const cleared = (response.headers['set-cookie'] as unknown as string[]).find((line) => line.startsWith('ecarnet_lti_state_'));
    expect(cleared).to.match(/Expires=Thu, 01 Jan 1970/);
  });
});
