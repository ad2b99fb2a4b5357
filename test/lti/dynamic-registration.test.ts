import { expect } from 'chai';
import request from 'supertest';
import { TOOL_CONFIGURATION_CLAIM } from '../../src/lti/claims.js';
import { LtiDeployment } from '../../src/model/lti-deployment.js';
import { LtiPlatform } from '../../src/model/lti-platform.js';
import { TestClock } from '../support/clock.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { LtiPlatformSimulator, ROLE } from '../support/lti-platform.js';
import { countRows } from './support/database-facts.js';
import { errorCode, htmlText, launch } from './support/launch.js';
import { startTool, type RunningTool } from './support/tool.js';

/*
 * Dynamic registration: a head of school creates a one-time registration link, the ENT
 * administrator opens it from the ENT, e-carnet reads the platform's openid-configuration, posts
 * its tool configuration and stores the registration bound to that school.
 */
describe('LTI dynamic registration', function () {
  this.timeout(30_000);
  let clock: TestClock;
  let tool: RunningTool;
  let platform: LtiPlatformSimulator;
  let school: SchoolFactory;
  let directorId: string;
  let director: { cookie: string; csrfToken: string };

  before(async () => {
    clock = new TestClock();
    tool = await startTool({ clock });
    school = await SchoolFactory.create(testDataSource(), { name: 'École des Tilleuls' });
    directorId = (await school.director()).id;
  });
  beforeEach(async () => {
    // A test moves the clock past a session's life: each signs in afresh.
    director = await tool.signIn(directorId);
    platform = await LtiPlatformSimulator.start({ clock });
  });
  afterEach(async () => {
    await platform.close();
  });
  after(async () => {
    await tool.close();
  });

  async function registrationLink(): Promise<string> {
    const response = await request(tool.url)
      .post('/lti/registrations/invites')
      .set('Cookie', director.cookie)
      .type('form')
      .send({ _csrf: director.csrfToken, schoolId: school.id });
    expect(response.status, response.text).to.equal(200);
    return htmlText(/class="lti-invite"[^>]* value="([^"]+)"/.exec(response.text)?.[1] ?? '');
  }

  function withPlatformParameters(link: string, overrides: Record<string, string> = {}): URLSearchParams {
    const url = new URL(link);
    url.searchParams.set('openid_configuration', platform.endpoints.openidConfiguration);
    url.searchParams.set('registration_token', platform.registrationToken());
    for (const [name, value] of Object.entries(overrides)) url.searchParams.set(name, value);
    return url.searchParams;
  }

  it('registers the platform for the school of the link, and the ENT can then launch e-carnet', async () => {
    const link = await registrationLink();
    expect(link.startsWith(`${tool.url}/lti/register?invite=`)).to.equal(true);
    const parameters = withPlatformParameters(link);

    const confirm = await request(tool.url).get('/lti/register').query(parameters.toString());
    expect(confirm.status).to.equal(200);
    expect(confirm.text).to.include('École des Tilleuls').and.to.include('ENT simulé').and.to.include(platform.issuer);
    expect(await countRows('lti_platform', 'issuer = ?', [platform.issuer]), 'nothing stored before confirmation').to.equal(0);

    const done = await request(tool.url).post('/lti/register').type('form').send(Object.fromEntries(parameters));
    expect(done.status, done.text).to.equal(200);
    expect(done.text).to.include('data-lti-close');
    expect(platform.counts.registration).to.equal(1);

    const registration = await testDataSource().getRepository(LtiPlatform).findOneByOrFail({ issuer: platform.issuer });
    expect(registration).to.deep.include({
      clientId: platform.clientId,
      schoolId: school.id,
      source: 'dynamic',
      authLoginUrl: `${platform.url}/auth`,
      authTokenUrl: `${platform.url}/token`,
      keysetUrl: `${platform.url}/jwks`,
      name: 'ENT simulé',
    });
    const deployment = await testDataSource().getRepository(LtiDeployment).findOneByOrFail({ platformId: registration.id });
    expect(deployment.deploymentId).to.equal(platform.deploymentId);
    expect(await countRows('audit_event', "action = 'lti.platformRegistered' AND schoolId = ?", [school.id])).to.equal(1);

    platform.addUser({ sub: 'registered-teacher', givenName: 'Inès', familyName: 'Garnier', roles: [ROLE.instructor] });
    platform.addContext({ id: 'ctx-reg', title: 'CE1', members: ['registered-teacher'] });
    const launched = await launch(request.agent(tool.url), platform, { user: 'registered-teacher', type: 'LtiResourceLinkRequest', contextId: 'ctx-reg' });
    expect(launched.status).to.equal(303);
    expect(launched.headers.location).to.match(/^\/classes\//);
  });

  it('posts the same tool configuration the manifest serves', async () => {
    const manifest = (await request(tool.url).get('/manifest.json')).body;
    const configuration = manifest.lti.registration;
    expect(configuration).to.deep.include({
      initiate_login_uri: `${tool.url}/lti/login`,
      redirect_uris: [`${tool.url}/lti/launch`],
      jwks_uri: `${tool.url}/lti/jwks`,
      token_endpoint_auth_method: 'private_key_jwt',
      scope: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
    });
    expect(configuration[TOOL_CONFIGURATION_CLAIM].messages.map((message: { type: string }) => message.type)).to.deep.equal([
      'LtiResourceLinkRequest',
      'LtiDeepLinkingRequest',
    ]);
    expect(manifest.lti.endpoints).to.deep.equal({
      login: `${tool.url}/lti/login`,
      launch: `${tool.url}/lti/launch`,
      jwks: `${tool.url}/lti/jwks`,
      register: `${tool.url}/lti/register`,
      deepLink: `${tool.url}/lti/deep-link`,
    });
    expect(manifest.lti.version).to.equal('1.3.0');
  });

  it('a link works once', async () => {
    const link = await registrationLink();
    const first = await request(tool.url).post('/lti/register').type('form').send(Object.fromEntries(withPlatformParameters(link)));
    expect(first.status).to.equal(200);
    const second = await request(tool.url).get('/lti/register').query(withPlatformParameters(link).toString());
    expect([second.status, errorCode(second)]).to.deep.equal([403, 'LTI_REGISTRATION_INVITE_INVALID']);
  });

  it('a made-up or expired link is refused before anything is fetched', async () => {
    const madeUp = await request(tool.url).get('/lti/register').query(withPlatformParameters(`${tool.url}/lti/register?invite=made-up`).toString());
    expect(errorCode(madeUp)).to.equal('LTI_REGISTRATION_INVITE_INVALID');
    const link = await registrationLink();
    clock.advanceMinutes(49 * 60);
    const late = await request(tool.url).get('/lti/register').query(withPlatformParameters(link).toString());
    expect(errorCode(late)).to.equal('LTI_REGISTRATION_INVITE_INVALID');
  });

  it('refuses a configuration that speaks for another issuer, and keeps the link usable', async () => {
    const impostor = await LtiPlatformSimulator.start({ clock, issuer: 'https://ent.example.fr' });
    try {
      const link = await registrationLink();
      const parameters = withPlatformParameters(link, { openid_configuration: impostor.endpoints.openidConfiguration });
      const response = await request(tool.url).post('/lti/register').type('form').send(Object.fromEntries(parameters));
      expect([response.status, errorCode(response)]).to.deep.equal([502, 'LTI_REGISTRATION_FAILED']);
      expect(await countRows('lti_platform', 'issuer = ?', ['https://ent.example.fr'])).to.equal(0);
      expect((await request(tool.url).get('/lti/register').query(withPlatformParameters(link).toString())).status).to.equal(200);
    } finally {
      await impostor.close();
    }
  });

  it('a platform refusing the registration stores nothing and spends nothing', async () => {
    const link = await registrationLink();
    const parameters = withPlatformParameters(link, { registration_token: 'not-issued-by-the-platform' });
    const response = await request(tool.url).post('/lti/register').type('form').send(Object.fromEntries(parameters));
    expect(errorCode(response)).to.equal('LTI_REGISTRATION_FAILED');
    expect(await countRows('lti_platform', 'issuer = ?', [platform.issuer])).to.equal(0);
    expect(await countRows('lti_registration_invite', 'usedAt IS NULL AND schoolId = ?', [school.id])).to.be.greaterThan(0);
  });

  it('only a head of school may create a registration link for their school', async () => {
    const teacher = await tool.signIn((await school.teacher([await school.class()])).id);
    const page = await request(tool.url).get('/lti/registrations').set('Cookie', teacher.cookie);
    expect(page.status).to.equal(404);
    const invite = await request(tool.url)
      .post('/lti/registrations/invites')
      .set('Cookie', teacher.cookie)
      .type('form')
      .send({ _csrf: teacher.csrfToken, schoolId: school.id });
    expect(invite.status).to.equal(404);
    const otherSchool = await SchoolFactory.create(testDataSource());
    const foreign = await request(tool.url)
      .post('/lti/registrations/invites')
      .set('Cookie', director.cookie)
      .type('form')
      .send({ _csrf: director.csrfToken, schoolId: otherSchool.id });
    expect(foreign.status).to.equal(404);
    expect(await countRows('lti_registration_invite', 'schoolId = ?', [otherSchool.id])).to.equal(0);
  });

  it('the head of school sees the registered ENTs of their school', async () => {
    const page = await request(tool.url).get('/lti/registrations').set('Cookie', director.cookie);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('École des Tilleuls').and.to.include('ENT simulé');
  });
  it('the head of school disconnects the ENT: its registration is switched off for good, its launches refused, people kept', async () => {
    const link = await registrationLink();
    await request(tool.url).post('/lti/register').type('form').send(Object.fromEntries(withPlatformParameters(link)));
    platform.addUser({ sub: 'kept-teacher', givenName: 'Nora', familyName: 'Blanc', roles: [ROLE.instructor] });
    await launch(request.agent(tool.url), platform, { user: 'kept-teacher', type: 'LtiResourceLinkRequest' });
    const registration = await testDataSource().getRepository(LtiPlatform).findOneByOrFail({ issuer: platform.issuer });

    const response = await request(tool.url)
      .post('/lti/registrations/disconnect')
      .set('Cookie', director.cookie)
      .type('form')
      .send({ _csrf: director.csrfToken, schoolId: school.id, platformId: registration.id });
    expect(response.headers.location).to.equal('/lti/registrations?disconnected=1');
    expect(await countRows('lti_platform', 'id = ? AND disabledAt IS NOT NULL AND schoolId = ?', [registration.id, school.id]), 'kept for the record').to.equal(1);
    const page = await request(tool.url).get('/lti/registrations').set('Cookie', director.cookie);
    expect(page.text).not.to.include(registration.clientId);
    expect(await countRows('external_identity', 'issuer = ? AND subject = ?', [registration.identityIssuer, 'kept-teacher'])).to.equal(1);
    expect(await countRows('audit_event', "action = 'lti.platformDisconnected' AND subjectId = ?", [registration.id])).to.equal(1);
    const refused = await request(tool.url).get('/lti/login').query(platform.loginParameters({ user: 'kept-teacher', type: 'LtiResourceLinkRequest' }));
    expect(errorCode(refused)).to.equal('LTI_PLATFORM_UNKNOWN');
  });
});
