import { expect } from 'chai';
import request from 'supertest';
import { newId } from '../../src/model/columns.js';
import { ExternalIdentity } from '../../src/model/index.js';
import { LtiPlatform } from '../../src/model/lti-platform.js';
import { TestClock } from '../support/clock.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { LtiPlatformSimulator, ROLE } from '../support/lti-platform.js';
import { personOf } from './support/database-facts.js';
import { errorCode, htmlText, launch } from './support/launch.js';
import { registerPlatform, startTool, type RunningTool } from './support/tool.js';

/*
 * Whose accounts a registration may open: its own, forever. The namespace of its people is
 * `issuer#client_id` from the first registration on (never the bare issuer, which another
 * registration, or a sign-in connector, may use), and it is never handed to a later registration,
 * even after a disconnection.
 */
describe('LTI account namespaces', function () {
  this.timeout(30_000);
  let clock: TestClock;
  let tool: RunningTool;

  before(async () => {
    clock = new TestClock();
    tool = await startTool({ clock });
  });
  after(async () => {
    await tool.close();
  });

  it('even the first registration of an issuer keeps its people under issuer#client_id', async () => {
    const platform = await LtiPlatformSimulator.start({ clock });
    try {
      const registration = await registerPlatform(platform, (await SchoolFactory.create(testDataSource())).id, clock.now());
      expect(registration.identityIssuer).to.equal(`${platform.issuer}#${platform.clientId}`);
    } finally {
      await platform.close();
    }
  });

  it('a sign-in connector’s accounts under the same issuer are never opened by an LTI launch', async () => {
    const platform = await LtiPlatformSimulator.start({ clock });
    try {
      platform.useTool(tool.url);
      const school = await SchoolFactory.create(testDataSource());
      const connectorPerson = await school.person({ givenName: 'Compte', familyName: 'OIDC' });
      for (const issuer of [platform.issuer, `${platform.issuer}#${platform.clientId}`]) {
        await testDataSource().getRepository(ExternalIdentity).insert({
          id: newId(),
          personId: connectorPerson.id,
          issuer,
          subject: 'shared-subject',
          connectorId: 'oidc-ent',
          createdAt: clock.now(),
          lastSeenAt: null,
        });
      }
      const registration = await registerPlatform(platform, school.id, clock.now());
      platform.addUser({ sub: 'shared-subject', givenName: 'Élève', familyName: 'LTI', roles: [ROLE.learner] });
      expect((await launch(request.agent(tool.url), platform, { user: 'shared-subject', type: 'LtiResourceLinkRequest' })).status).to.equal(303);
      const launched = await personOf(registration.identityIssuer, 'shared-subject');
      expect(launched).to.be.a('string').and.not.equal(connectorPerson.id);
    } finally {
      await platform.close();
    }
  });

  it('after a disconnection, a new registration of the issuer never signs in as the earlier one’s people', async () => {
    const platform = await LtiPlatformSimulator.start({ clock });
    try {
      const first = await SchoolFactory.create(testDataSource());
      const director = await tool.signIn((await first.director()).id);
      const register = async (school: SchoolFactory, signedIn: { cookie: string; csrfToken: string }) => {
        const created = await request(tool.url).post('/lti/registrations/invites').set('Cookie', signedIn.cookie).type('form').send({ _csrf: signedIn.csrfToken, schoolId: school.id });
        const link = new URL(htmlText(/class="lti-invite"[^>]* value="([^"]+)"/.exec(created.text)?.[1] ?? ''));
        link.searchParams.set('openid_configuration', platform.endpoints.openidConfiguration);
        link.searchParams.set('registration_token', platform.registrationToken());
        return request(tool.url).post('/lti/register').type('form').send(Object.fromEntries(link.searchParams));
      };
      expect((await register(first, director)).status).to.equal(200);
      platform.addUser({ sub: 'teacher-x', givenName: 'Yves', familyName: 'Premier', roles: [ROLE.instructor] });
      await launch(request.agent(tool.url), platform, { user: 'teacher-x', type: 'LtiResourceLinkRequest' });
      const firstRegistration = await testDataSource().getRepository(LtiPlatform).findOneByOrFail({ issuer: platform.issuer, clientId: platform.clientId });
      const earlier = (await personOf(firstRegistration.identityIssuer, 'teacher-x'))!;
      const disconnected = await request(tool.url)
        .post('/lti/registrations/disconnect')
        .set('Cookie', director.cookie)
        .type('form')
        .send({ _csrf: director.csrfToken, schoolId: first.id, platformId: firstRegistration.id });
      expect(disconnected.status).to.equal(303);

      // Another tenant of the platform registers through another school's link.
      const second = await SchoolFactory.create(testDataSource());
      const otherDirector = await tool.signIn((await second.director()).id);
      expect((await register(second, otherDirector)).status).to.equal(200);
      await launch(request.agent(tool.url), platform, { user: 'teacher-x', type: 'LtiResourceLinkRequest' });
      const secondRegistration = await testDataSource().getRepository(LtiPlatform).findOneByOrFail({ issuer: platform.issuer, clientId: platform.clientId });
      expect(secondRegistration.identityIssuer).not.to.equal(firstRegistration.identityIssuer);
      expect(await personOf(secondRegistration.identityIssuer, 'teacher-x')).to.be.a('string').and.not.equal(earlier);

      // The same client id handed out again: refused, its accounts stay the first registration's.
      platform.registrationClientId = firstRegistration.clientId;
      const again = await register(second, otherDirector);
      expect(errorCode(again)).to.equal('LTI_REGISTRATION_FAILED');
    } finally {
      await platform.close();
    }
  });
});
