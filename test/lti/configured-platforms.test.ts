import { expect } from 'chai';
import request from 'supertest';
import { LtiDeployment } from '../../src/model/lti-deployment.js';
import { LtiPlatform } from '../../src/model/lti-platform.js';
import { TestClock } from '../support/clock.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { LtiPlatformSimulator, ROLE, type SimMessage } from '../support/lti-platform.js';
import { countRows, launchFootprint, personOf } from './support/database-facts.js';
import { errorCode, launch } from './support/launch.js';
import { startTool, type RunningTool } from './support/tool.js';

/*
 * A platform registered by hand in ECARNET_CONFIG names no school. Its first launch by a teacher
 * shows a pairing code; a head of school types it in e-carnet to connect the deployment to their
 * school. Until then nobody is provisioned.
 */
describe('LTI platforms from the configuration file', function () {
  this.timeout(30_000);
  let clock: TestClock;
  let platform: LtiPlatformSimulator;
  let tool: RunningTool;
  let school: SchoolFactory;
  const teacherLaunch: SimMessage = { user: 'config-teacher', type: 'LtiResourceLinkRequest', contextId: 'ctx-config' };

  before(async () => {
    clock = new TestClock();
    platform = await LtiPlatformSimulator.start({ clock });
    platform.clientId = 'configured-client';
    platform.deploymentId = 'configured-deployment';
    tool = await startTool({
      clock,
      adjust: (config) => ({
        ...config,
        platforms: [
          {
            issuer: platform.issuer,
            clientId: platform.clientId,
            deploymentIds: ['configured-deployment', 'second-deployment'],
            authLoginUrl: platform.endpoints.authLoginUrl,
            authTokenUrl: platform.endpoints.authTokenUrl,
            keysetUrl: platform.endpoints.keysetUrl,
            name: 'ENT académique',
          },
        ],
      }),
    });
    platform.useTool(tool.url);
    school = await SchoolFactory.create(testDataSource(), { name: 'Collège Jean Moulin' });
    platform.addUser({ sub: 'config-teacher', givenName: 'Luc', familyName: 'Girard', roles: [ROLE.instructor] });
    platform.addUser({ sub: 'config-pupil', givenName: 'Zoé', familyName: 'Faure', roles: [ROLE.learner] });
    platform.addUser({ sub: 'config-admin', givenName: 'Adèle', familyName: 'Admin', roles: [ROLE.administrator] });
    platform.addContext({ id: 'ctx-config', title: '6e B', members: ['config-teacher', 'config-pupil'] });
  });
  after(async () => {
    await tool.close();
    await platform.close();
  });

  let pairingCode: string;

  it('brings the configured platform and its deployments into the database at the first login', async () => {
    await request(tool.url).get('/lti/login').query(platform.loginParameters(teacherLaunch));
    const registration = await testDataSource().getRepository(LtiPlatform).findOneByOrFail({ issuer: platform.issuer, clientId: 'configured-client' });
    expect([registration.source, registration.schoolId, registration.name]).to.deep.equal(['config', null, 'ENT académique']);
    const deployments = await testDataSource().getRepository(LtiDeployment).findBy({ platformId: registration.id });
    expect(deployments.map((deployment) => deployment.deploymentId).sort()).to.deep.equal(['configured-deployment', 'second-deployment']);
  });

  it('a pupil’s launch before any school is connected: LTI_DEPLOYMENT_NOT_CONNECTED, nothing provisioned', async () => {
    const before = await launchFootprint();
    const response = await launch(request.agent(tool.url), platform, { user: 'config-pupil', type: 'LtiResourceLinkRequest', contextId: 'ctx-config' });
    expect([response.status, errorCode(response)]).to.deep.equal([403, 'LTI_DEPLOYMENT_NOT_CONNECTED']);
    expect(await launchFootprint()).to.deep.equal(before);
  });

  it('the ENT administrator’s launch shows a pairing code for the head of school, and provisions nobody', async () => {
    const response = await launch(request.agent(tool.url), platform, { user: 'config-admin', type: 'LtiResourceLinkRequest' });
    expect(response.status).to.equal(200);
    pairingCode = /class="pairing-code"[^>]*>([A-Z0-9-]+)</.exec(response.text)?.[1] ?? '';
    expect(pairingCode).to.match(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await countRows('external_identity', 'subject = ?', ['config-teacher'])).to.equal(0);
    expect(await countRows('external_identity', 'subject = ?', ['config-admin'])).to.equal(0);
  });

  it('a wrong code connects nothing', async () => {
    const director = await tool.signIn((await school.director()).id);
    const response = await request(tool.url)
      .post('/lti/registrations/pairings')
      .set('Cookie', director.cookie)
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: director.csrfToken, schoolId: school.id, code: 'ABCD-EFGH' });
    expect([response.status, response.body.error.code]).to.deep.equal([400, 'LTI_PAIRING_CODE_INVALID']);
  });

  it('the head of school types the code and confirms: the deployment serves their school, and launches provision there', async () => {
    const director = await tool.signIn((await school.director()).id);
    const typed = pairingCode.toLowerCase().replace('-', ' ');
    const shown = await request(tool.url)
      .post('/lti/registrations/pairings')
      .set('Cookie', director.cookie)
      .type('form')
      .send({ _csrf: director.csrfToken, schoolId: school.id, code: typed });
    expect(shown.status).to.equal(200);
    const response = await request(tool.url)
      .post('/lti/registrations/pairings/confirm')
      .set('Cookie', director.cookie)
      .type('form')
      .send({ _csrf: director.csrfToken, schoolId: school.id, code: typed });
    expect([response.status, response.headers.location]).to.deep.equal([303, '/lti/registrations?connected=1']);
    const page = await request(tool.url).get('/lti/registrations?connected=1').set('Cookie', director.cookie);
    expect(page.text).to.include('ENT académique').and.to.include('configured-deployment').and.not.to.include('second-deployment');

    const launched = await launch(request.agent(tool.url), platform, teacherLaunch);
    expect(launched.headers.location).to.match(/^\/classes\//);
    const registration = await testDataSource().getRepository(LtiPlatform).findOneByOrFail({ issuer: platform.issuer, clientId: 'configured-client' });
    expect(await personOf(registration.identityIssuer, 'config-teacher')).to.be.a('string');
  });

  it('a code works once: nobody can take the deployment to another school with it', async () => {
    const other = await SchoolFactory.create(testDataSource());
    const director = await tool.signIn((await other.director()).id);
    const response = await request(tool.url)
      .post('/lti/registrations/pairings/confirm')
      .set('Cookie', director.cookie)
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: director.csrfToken, schoolId: other.id, code: pairingCode });
    expect(response.body.error.code).to.equal('LTI_PAIRING_CODE_INVALID');
    expect(await testDataSource().getRepository(LtiDeployment).existsBy({ schoolId: other.id })).to.equal(false);
  });

  it('a head of school adds a deployment only to a registration that serves their school', async () => {
    const director = await tool.signIn((await school.director()).id);
    const registration = await testDataSource().getRepository(LtiPlatform).findOneByOrFail({ issuer: platform.issuer, clientId: 'configured-client' });
    const response = await request(tool.url)
      .post('/lti/registrations/deployments')
      .set('Cookie', director.cookie)
      .type('form')
      .send({ _csrf: director.csrfToken, schoolId: school.id, platformId: registration.id, deploymentId: 'sneaky-deployment' });
    expect(response.status, 'the configured registration is the académie’s, not the school’s').to.equal(404);
    expect(await testDataSource().getRepository(LtiDeployment).existsBy({ deploymentId: 'sneaky-deployment' })).to.equal(false);

    await testDataSource().getRepository(LtiPlatform).update({ id: registration.id }, { schoolId: school.id });
    const added = await request(tool.url)
      .post('/lti/registrations/deployments')
      .set('Cookie', director.cookie)
      .type('form')
      .send({ _csrf: director.csrfToken, schoolId: school.id, platformId: registration.id, deploymentId: 'new-placement' });
    expect(added.headers.location).to.equal('/lti/registrations?added=1');
    platform.deploymentId = 'new-placement';
    expect((await launch(request.agent(tool.url), platform, teacherLaunch)).status).to.equal(303);
  });
  it('disconnecting a shared registration only releases the school’s deployments', async () => {
    const director = await tool.signIn((await school.director()).id);
    const registration = await testDataSource().getRepository(LtiPlatform).findOneByOrFail({ issuer: platform.issuer, clientId: 'configured-client' });
    await testDataSource().getRepository(LtiPlatform).update({ id: registration.id }, { schoolId: null });
    const response = await request(tool.url)
      .post('/lti/registrations/disconnect')
      .set('Cookie', director.cookie)
      .type('form')
      .send({ _csrf: director.csrfToken, schoolId: school.id, platformId: registration.id });
    expect(response.status).to.equal(303);
    expect(await testDataSource().getRepository(LtiPlatform).existsBy({ id: registration.id })).to.equal(true);
    expect(await testDataSource().getRepository(LtiDeployment).existsBy({ platformId: registration.id, schoolId: school.id })).to.equal(false);
    platform.deploymentId = 'configured-deployment';
    const refused = await launch(request.agent(tool.url), platform, { user: 'config-pupil', type: 'LtiResourceLinkRequest', contextId: 'ctx-config' });
    expect(errorCode(refused)).to.equal('LTI_DEPLOYMENT_NOT_CONNECTED');
    const again = await request(tool.url)
      .post('/lti/registrations/disconnect')
      .set('Cookie', director.cookie)
      .type('form')
      .send({ _csrf: director.csrfToken, schoolId: school.id, platformId: registration.id });
    expect(again.status, 'nothing of this school left to disconnect').to.equal(404);
  });

  describe('removed from the file', () => {
    const entry = () => ({
      issuer: platform.issuer,
      clientId: platform.clientId,
      deploymentIds: ['second-deployment'],
      authLoginUrl: platform.endpoints.authLoginUrl,
      authTokenUrl: platform.endpoints.authTokenUrl,
      keysetUrl: platform.endpoints.keysetUrl,
      name: 'ENT académique',
    });
    const restart = async (platforms: ReturnType<typeof entry>[]) => {
      await tool.close();
      tool = await startTool({ clock, adjust: (config) => ({ ...config, platforms }) });
      platform.useTool(tool.url);
    };

    it('a deployment removed from the file is refused, and keeps its school for the record', async () => {
      platform.deploymentId = 'configured-deployment';
      const registration = await testDataSource().getRepository(LtiPlatform).findOneByOrFail({ issuer: platform.issuer, clientId: 'configured-client' });
      const director = await tool.signIn((await school.director()).id);
      const code = /class="pairing-code"[^>]*>([A-Z0-9-]+)</.exec((await launch(request.agent(tool.url), platform, { user: 'config-admin', type: 'LtiResourceLinkRequest' })).text)?.[1] ?? '';
      for (const path of ['/lti/registrations/pairings', '/lti/registrations/pairings/confirm']) {
        await request(tool.url).post(path).set('Cookie', director.cookie).type('form').send({ _csrf: director.csrfToken, schoolId: school.id, code });
      }
      expect((await launch(request.agent(tool.url), platform, teacherLaunch)).status, 'connected again').to.equal(303);

      await restart([entry()]);
      const refused = await request(tool.url).get('/lti/login').query(platform.loginParameters(teacherLaunch));
      expect(errorCode(refused)).to.equal('LTI_PLATFORM_UNKNOWN');
      const deployment = await testDataSource().getRepository(LtiDeployment).findOneByOrFail({ platformId: registration.id, deploymentId: 'configured-deployment' });
      expect(deployment.schoolId).to.equal(school.id);
      expect(deployment.disabledAt).not.to.equal(null);
    });

    it('a launch naming a removed deployment is refused too', async () => {
      platform.deploymentId = 'second-deployment';
      const agent = request.agent(tool.url);
      const { lti_deployment_id: _named, ...parameters } = platform.loginParameters(teacherLaunch);
      const login = await agent.get('/lti/login').query(parameters);
      const query = new URL(String(login.headers.location)).searchParams;
      const claims = platform.claimsFor(teacherLaunch, query.get('nonce') ?? '');
      claims['https://purl.imsglobal.org/spec/lti/claim/deployment_id'] = 'configured-deployment';
      const before = await launchFootprint();
      const response = await agent.post('/lti/launch').type('form').send({ id_token: await platform.sign(claims), state: query.get('state') ?? '' });
      expect(errorCode(response)).to.equal('LTI_PLATFORM_UNKNOWN');
      expect(await launchFootprint()).to.deep.equal(before);
    });

    it('a platform removed from the file is refused, and comes back when the file names it again', async () => {
      await restart([]);
      const refused = await request(tool.url).get('/lti/login').query(platform.loginParameters(teacherLaunch));
      expect(errorCode(refused)).to.equal('LTI_PLATFORM_UNKNOWN');
      const registration = await testDataSource().getRepository(LtiPlatform).findOneByOrFail({ issuer: platform.issuer, clientId: 'configured-client' });
      expect(registration.disabledAt).not.to.equal(null);

      await restart([{ ...entry(), deploymentIds: ['configured-deployment'] }]);
      platform.deploymentId = 'configured-deployment';
      expect((await launch(request.agent(tool.url), platform, teacherLaunch)).status).to.equal(303);
    });
  });
});
