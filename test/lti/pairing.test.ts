import { expect } from 'chai';
import request from 'supertest';
import { LtiDeployment } from '../../src/model/lti-deployment.js';
import { LtiPlatform } from '../../src/model/lti-platform.js';
import { TestClock } from '../support/clock.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { LtiPlatformSimulator, ROLE, type SimMessage } from '../support/lti-platform.js';
import { countRows, launchFootprint } from './support/database-facts.js';
import { errorCode, htmlText, launch } from './support/launch.js';
import { startTool, type RunningTool } from './support/tool.js';

/*
 * Pairing a deployment registered in ECARNET_CONFIG with a school: the code goes to the ENT's
 * administrators only, stays the same until it expires, and binds only once the head of school
 * has seen which ENT, issuer, client and deployment it names and confirmed. Issuing and binding
 * are audited; attempts are rate-limited.
 */
describe('LTI pairing codes', function () {
  this.timeout(30_000);
  let clock: TestClock;
  let platform: LtiPlatformSimulator;
  let tool: RunningTool;
  let school: SchoolFactory;
  const message = (user: string): SimMessage => ({ user, type: 'LtiResourceLinkRequest', contextId: 'ctx-pairing' });
  const pairingCode = (html: string) => /class="pairing-code"[^>]*>([A-Z0-9-]+)</.exec(html)?.[1];
  const deployment = async () => {
    const registration = await testDataSource().getRepository(LtiPlatform).findOneByOrFail({ issuer: platform.issuer, clientId: 'pairing-client' });
    return testDataSource().getRepository(LtiDeployment).findOneByOrFail({ platformId: registration.id, deploymentId: 'pairing-deployment' });
  };

  before(async () => {
    clock = new TestClock();
    platform = await LtiPlatformSimulator.start({ clock });
    platform.clientId = 'pairing-client';
    platform.deploymentId = 'pairing-deployment';
    tool = await startTool({
      clock,
      adjust: (config) => ({
        ...config,
        platforms: [
          {
            issuer: platform.issuer,
            clientId: platform.clientId,
            deploymentIds: ['pairing-deployment'],
            authLoginUrl: platform.endpoints.authLoginUrl,
            authTokenUrl: platform.endpoints.authTokenUrl,
            keysetUrl: platform.endpoints.keysetUrl,
            name: 'ENT de l’académie',
          },
        ],
      }),
    });
    platform.useTool(tool.url);
    school = await SchoolFactory.create(testDataSource(), { name: 'École Jules Ferry' });
    platform.addUser({ sub: 'pairing-teacher', givenName: 'Luc', familyName: 'Girard', roles: [ROLE.instructor] });
    platform.addUser({ sub: 'pairing-admin', givenName: 'Ada', familyName: 'Admin', roles: [ROLE.administrator] });
    platform.addUser({ sub: 'pairing-sysadmin', givenName: 'Sam', familyName: 'Système', roles: [ROLE.systemAdministrator, ROLE.instructor] });
    platform.addContext({ id: 'ctx-pairing', title: 'CM2', members: ['pairing-teacher'] });
  });
  after(async () => {
    await tool.close();
    await platform.close();
  });

  let code: string;

  it('an Instructor is told to ask the ENT administrator, and gets no code', async () => {
    const before = await launchFootprint();
    const response = await launch(request.agent(tool.url), platform, message('pairing-teacher'));
    expect([response.status, errorCode(response)]).to.deep.equal([403, 'LTI_DEPLOYMENT_NOT_CONNECTED']);
    expect(pairingCode(response.text)).to.equal(undefined);
    expect(response.text).to.include('administrat');
    expect((await deployment()).pairingCodeHash).to.equal(null);
    expect(await launchFootprint()).to.deep.equal(before);
  });

  it('an institution Administrator gets a code; its issuance is audited', async () => {
    const response = await launch(request.agent(tool.url), platform, message('pairing-admin'));
    expect(response.status).to.equal(200);
    code = pairingCode(response.text) ?? '';
    expect(code).to.match(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await countRows('audit_event', "action = 'lti.pairingCodeIssued' AND subjectId = ?", [(await deployment()).id])).to.equal(1);
  });

  it('the code is kept while it is valid: later launches show the same one, and issue nothing new', async () => {
    clock.advanceMinutes(60);
    const again = await launch(request.agent(tool.url), platform, message('pairing-admin'));
    expect(pairingCode(again.text)).to.equal(code);
    const system = await launch(request.agent(tool.url), platform, message('pairing-sysadmin'));
    expect(pairingCode(system.text), 'a system Administrator').to.equal(code);
    expect(await countRows('audit_event', "action = 'lti.pairingCodeIssued' AND subjectId = ?", [(await deployment()).id])).to.equal(1);
  });

  it('the head of school first sees which ENT, issuer, client and deployment the code names; nothing is bound yet', async () => {
    const director = await tool.signIn((await school.director()).id);
    const response = await request(tool.url)
      .post('/lti/registrations/pairings')
      .set('Cookie', director.cookie)
      .type('form')
      .send({ _csrf: director.csrfToken, schoolId: school.id, code });
    expect(response.status, response.text).to.equal(200);
    expect(response.text)
      .to.include('ENT de l’académie')
      .and.to.include(platform.issuer)
      .and.to.include('pairing-client')
      .and.to.include('pairing-deployment')
      .and.to.include('École Jules Ferry');
    expect((await deployment()).schoolId).to.equal(null);

    const action = htmlText(/<form method="post" action="([^"]+)"[^>]*data-pairing-confirm/.exec(response.text)?.[1] ?? '');
    expect(action).to.equal('/lti/registrations/pairings/confirm');
    const confirmed = await request(tool.url)
      .post(action)
      .set('Cookie', director.cookie)
      .type('form')
      .send({ _csrf: director.csrfToken, schoolId: school.id, code });
    expect([confirmed.status, confirmed.headers.location]).to.deep.equal([303, '/lti/registrations?connected=1']);
    const bound = await deployment();
    expect(bound.schoolId).to.equal(school.id);
    expect(await countRows('audit_event', "action = 'lti.deploymentConnected' AND subjectId = ?", [bound.id])).to.equal(1);
    expect((await launch(request.agent(tool.url), platform, message('pairing-teacher'))).status).to.equal(303);
  });

  it('attempts are limited: after ten codes in a quarter of an hour, even a good one waits', async () => {
    const other = await SchoolFactory.create(testDataSource());
    const director = await tool.signIn((await other.director()).id);
    const attempt = (value: string) =>
      request(tool.url)
        .post('/lti/registrations/pairings')
        .set('Cookie', director.cookie)
        .set('Accept', 'application/json')
        .type('form')
        .send({ _csrf: director.csrfToken, schoolId: other.id, code: value });
    for (let index = 0; index < 10; index += 1) expect((await attempt('ABCD-EFGH')).body.error.code).to.equal('LTI_PAIRING_CODE_INVALID');
    const limited = await attempt('ABCD-EFGH');
    expect([limited.status, limited.body.error.code]).to.deep.equal([429, 'LTI_TOO_MANY_REQUESTS']);
    expect(limited.headers['retry-after']).to.match(/^\d+$/);
    clock.advanceMinutes(16);
    expect((await attempt('ABCD-EFGH')).body.error.code).to.equal('LTI_PAIRING_CODE_INVALID');
  });
});
