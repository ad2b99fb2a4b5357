import { expect } from 'chai';
import { LTI_CLAIM } from '../../src/lti/claims.js';
import { LtiPlatform } from '../../src/model/lti-platform.js';
import { testDataSource } from '../support/database.js';
import { LtiPlatformSimulator, type SimMessage } from '../support/lti-platform.js';
import { launchFootprint } from './support/database-facts.js';
import { ltiFixture, type LtiFixture } from './support/fixture.js';
import { errorCode, postLaunch } from './support/launch.js';
import { registerPlatform } from './support/tool.js';

/*
 * LTI identifiers (issuer, client id, deployment id, context id, nonce, key id) are compared byte
 * for byte, as SQLite does: MariaDB's default collation would match them whatever their case,
 * accents or trailing spaces. Run on both engines; MariaDB is where these would slip through.
 */
describe('LTI identifiers are compared exactly', function () {
  this.timeout(30_000);
  let lti: LtiFixture;
  const message: SimMessage = { user: 'pupil-1', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' };
  const variants = (value: string) => [value.toUpperCase(), `${value} `, value.replace('e', 'é')];

  before(async () => {
    lti = await ltiFixture();
  });
  after(async () => {
    await lti.close();
  });

  it('a deployment_id that differs by case, accent or a trailing space is unknown (the login named none)', async () => {
    for (const deploymentId of variants(lti.platform.deploymentId)) {
      const agent = lti.browser();
      const { lti_deployment_id: _named, ...parameters } = lti.platform.loginParameters(message);
      const login = await agent.get('/lti/login').query(parameters);
      const query = new URL(String(login.headers.location)).searchParams;
      const claims = lti.platform.claimsFor(message, query.get('nonce') ?? '');
      claims[LTI_CLAIM.deploymentId] = deploymentId;
      const before = await launchFootprint();
      const response = await postLaunch(agent, await lti.platform.sign(claims), query.get('state') ?? '');
      expect(errorCode(response), JSON.stringify(deploymentId)).to.equal('LTI_DEPLOYMENT_UNKNOWN');
      expect(await launchFootprint()).to.deep.equal(before);
    }
  });

  it('a client_id or an issuer that differs by case, accent or a trailing space is not registered', async () => {
    for (const clientId of variants(lti.platform.clientId)) {
      const response = await lti.browser().get('/lti/login').query({ ...lti.platform.loginParameters(message), client_id: clientId });
      expect(errorCode(response), JSON.stringify(clientId)).to.equal('LTI_PLATFORM_UNKNOWN');
    }
    for (const issuer of [lti.platform.issuer.toUpperCase(), `${lti.platform.issuer} `]) {
      const response = await lti.browser().get('/lti/login').query({ ...lti.platform.loginParameters(message), iss: issuer });
      expect(errorCode(response), JSON.stringify(issuer)).to.equal('LTI_PLATFORM_UNKNOWN');
    }
  });

  it('two registrations of one issuer whose client ids differ only by case are two registrations', async () => {
    const twin = await LtiPlatformSimulator.start({ clock: lti.clock });
    try {
      twin.clientId = 'Client-Casse';
      const upper = await registerPlatform(twin, lti.school.id, lti.clock.now());
      twin.clientId = 'client-casse';
      const lower = await registerPlatform(twin, lti.school.id, lti.clock.now());
      expect(upper.identityIssuer).not.to.equal(lower.identityIssuer);
      expect(await testDataSource().getRepository(LtiPlatform).countBy({ issuer: twin.issuer })).to.equal(2);
    } finally {
      await twin.close();
    }
  });
});
