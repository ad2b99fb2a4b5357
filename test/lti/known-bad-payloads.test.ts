import { expect } from 'chai';
import type { JWTPayload } from 'jose';
import type { Response } from 'supertest';
import { LTI_CLAIM } from '../../src/lti/claims.js';
import type { SignOptions, SimMessage } from '../support/lti-platform.js';
import { launchFootprint } from './support/database-facts.js';
import { ltiFixture, type LtiFixture } from './support/fixture.js';
import { errorCode, launch, launchWith, postLaunch, startLogin } from './support/launch.js';

/*
 * One test per rule of the 1EdTech certification's "known bad payloads" and of the Security
 * Framework's id_token validation. Each launch is refused with its own stable code, and nothing is
 * written: no person, account, membership, session, and the login's nonce is not spent.
 */
describe('LTI launch: known bad payloads are refused', function () {
  this.timeout(30_000);
  let lti: LtiFixture;
  const teacherLaunch: SimMessage = { user: 'teacher-1', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' };

  before(async () => {
    lti = await ltiFixture();
  });
  after(async () => {
    await lti.close();
  });

  /** Launches with a changed token and expects the refusal, with nothing written. */
  async function expectRefused(code: string, change: (claims: JWTPayload) => void, sign: SignOptions = {}, message: SimMessage = teacherLaunch): Promise<Response> {
    const before = await launchFootprint();
    const response = await launchWith(lti.browser(), lti.platform, message, change, sign);
    expect(errorCode(response), response.text).to.equal(code);
    expect(response.status).to.be.within(400, 499);
    expect(response.headers['set-cookie'] ?? []).not.to.satisfy((cookies: string[]) => cookies.some((cookie) => cookie.startsWith('ecarnet_session=')));
    expect(await launchFootprint()).to.deep.equal(before);
    return response;
  }

  it('the platform signs a launch the tool accepts (the baseline the other cases break)', async () => {
    const response = await launch(lti.browser(), lti.platform, teacherLaunch);
    expect(response.status).to.equal(303);
  });

  it('no kid in the JWT header: LTI_TOKEN_KID_MISSING', async () => {
    await expectRefused('LTI_TOKEN_KID_MISSING', () => undefined, { kid: null });
  });

  it('a kid the platform never published: LTI_TOKEN_KEY_UNKNOWN, after one refetch of its key set', async () => {
    lti.clock.advanceMinutes(1);
    const fetches = lti.platform.counts.jwks;
    await expectRefused('LTI_TOKEN_KEY_UNKNOWN', () => undefined, { kid: 'not-a-key-of-the-platform' });
    expect(lti.platform.counts.jwks).to.equal(fetches + 1);
    await expectRefused('LTI_TOKEN_KEY_UNKNOWN', () => undefined, { kid: 'another-made-up-key' });
    expect(lti.platform.counts.jwks, 'forged key ids cannot make the tool hammer the platform').to.equal(fetches + 1);
  });

  it('signed by another key under the platform’s kid: LTI_TOKEN_SIGNATURE_INVALID', async () => {
    await expectRefused('LTI_TOKEN_SIGNATURE_INVALID', () => undefined, { foreignKey: true, kid: lti.platform.currentKid });
  });

  it('HS256 keyed with the platform’s public key: LTI_TOKEN_ALGORITHM_REJECTED', async () => {
    await expectRefused('LTI_TOKEN_ALGORITHM_REJECTED', () => undefined, { alg: 'HS256' });
  });

  it('alg "none", unsigned: LTI_TOKEN_ALGORITHM_REJECTED', async () => {
    await expectRefused('LTI_TOKEN_ALGORITHM_REJECTED', () => undefined, { alg: 'none' });
  });

  it('a token that is not a JWT: LTI_TOKEN_MALFORMED', async () => {
    const before = await launchFootprint();
    const agent = lti.browser();
    const login = await startLogin(agent, lti.platform, teacherLaunch);
    const response = await postLaunch(agent, 'not.a-jwt', login.state);
    expect(errorCode(response)).to.equal('LTI_TOKEN_MALFORMED');
    expect(await launchFootprint()).to.deep.equal(before);
  });

  it('another issuer: LTI_TOKEN_ISSUER_MISMATCH', async () => {
    await expectRefused('LTI_TOKEN_ISSUER_MISMATCH', (claims) => {
      claims.iss = 'https://ent.attacker.example';
    });
  });

  it('another audience: LTI_TOKEN_AUDIENCE_MISMATCH', async () => {
    await expectRefused('LTI_TOKEN_AUDIENCE_MISMATCH', (claims) => {
      claims.aud = 'some-other-tool';
    });
  });

  it('several audiences without azp: LTI_TOKEN_AZP_INVALID', async () => {
    await expectRefused('LTI_TOKEN_AZP_INVALID', (claims) => {
      claims.aud = [lti.platform.clientId, 'some-other-tool'];
    });
  });

  it('an azp naming another client: LTI_TOKEN_AZP_INVALID', async () => {
    await expectRefused('LTI_TOKEN_AZP_INVALID', (claims) => {
      claims.aud = [lti.platform.clientId, 'some-other-tool'];
      claims.azp = 'some-other-tool';
    });
  });

  it('expired: LTI_TOKEN_EXPIRED', async () => {
    await expectRefused('LTI_TOKEN_EXPIRED', (claims) => {
      claims.iat = Number(claims.iat) - 600;
      claims.exp = Number(claims.iat) + 60;
    });
  });

  it('issued in the future, beyond the skew: LTI_TOKEN_ISSUED_IN_FUTURE', async () => {
    await expectRefused('LTI_TOKEN_ISSUED_IN_FUTURE', (claims) => {
      claims.iat = Number(claims.iat) + 600;
      claims.exp = Number(claims.iat) + 300;
    });
  });

  it('a nonce already used (a replayed id_token): LTI_NONCE_REPLAYED', async () => {
    const first = lti.browser();
    const login = await startLogin(first, lti.platform, teacherLaunch);
    const token = await lti.platform.sign(lti.platform.claimsFor(teacherLaunch, login.nonce));
    expect((await postLaunch(first, token, login.state)).status).to.equal(303);

    // The attacker starts a fresh login of their own and posts the old token with its state.
    const replay = lti.browser();
    const fresh = await startLogin(replay, lti.platform, teacherLaunch);
    const before = await launchFootprint();
    const response = await postLaunch(replay, token, fresh.state);
    expect(errorCode(response)).to.equal('LTI_NONCE_REPLAYED');
    expect(await launchFootprint()).to.deep.equal(before);
  });

  it('a nonce the tool never issued: LTI_NONCE_UNKNOWN', async () => {
    await expectRefused('LTI_NONCE_UNKNOWN', (claims) => {
      claims.nonce = 'a-nonce-e-carnet-never-issued';
    });
  });

  it('no nonce at all: LTI_NONCE_UNKNOWN', async () => {
    await expectRefused('LTI_NONCE_UNKNOWN', (claims) => {
      delete claims.nonce;
    });
  });

  it('a state this browser did not start: LTI_STATE_MISMATCH (login CSRF)', async () => {
    const victim = lti.browser();
    await startLogin(victim, lti.platform, teacherLaunch);
    const attacker = lti.browser();
    const attackerLogin = await startLogin(attacker, lti.platform, teacherLaunch);
    const token = await lti.platform.sign(lti.platform.claimsFor(teacherLaunch, attackerLogin.nonce));
    const before = await launchFootprint();
    const response = await postLaunch(victim, token, attackerLogin.state);
    expect(response.status).to.equal(401);
    expect(errorCode(response)).to.equal('LTI_STATE_MISMATCH');
    expect(await launchFootprint()).to.deep.equal(before);
  });

  it('a state never issued: LTI_STATE_MISMATCH', async () => {
    const agent = lti.browser();
    const login = await startLogin(agent, lti.platform, teacherLaunch);
    const token = await lti.platform.sign(lti.platform.claimsFor(teacherLaunch, login.nonce));
    const before = await launchFootprint();
    const response = await postLaunch(agent, token, 'a-state-never-issued');
    expect(errorCode(response)).to.equal('LTI_STATE_MISMATCH');
    expect(await launchFootprint()).to.deep.equal(before);
  });

  it('a login older than ten minutes: LTI_LAUNCH_EXPIRED', async () => {
    const agent = lti.browser();
    const login = await startLogin(agent, lti.platform, teacherLaunch);
    lti.clock.advanceMinutes(11);
    const token = await lti.platform.sign(lti.platform.claimsFor(teacherLaunch, login.nonce));
    const before = await launchFootprint();
    const response = await postLaunch(agent, token, login.state);
    expect(errorCode(response)).to.equal('LTI_LAUNCH_EXPIRED');
    expect(await launchFootprint()).to.deep.equal(before);
  });

  it('no deployment_id: LTI_DEPLOYMENT_MISSING', async () => {
    await expectRefused('LTI_DEPLOYMENT_MISSING', (claims) => {
      delete claims[LTI_CLAIM.deploymentId];
    });
  });

  it('a deployment_id the tool does not know: LTI_DEPLOYMENT_UNKNOWN', async () => {
    await expectRefused('LTI_DEPLOYMENT_UNKNOWN', (claims) => {
      claims[LTI_CLAIM.deploymentId] = 'deployment-of-someone-else';
    });
  });

  it('a wrong LTI version: LTI_VERSION_UNSUPPORTED', async () => {
    await expectRefused('LTI_VERSION_UNSUPPORTED', (claims) => {
      claims[LTI_CLAIM.version] = '1.2.0';
    });
  });

  it('no LTI version: LTI_VERSION_UNSUPPORTED', async () => {
    await expectRefused('LTI_VERSION_UNSUPPORTED', (claims) => {
      delete claims[LTI_CLAIM.version];
    });
  });

  it('no message_type: LTI_MESSAGE_TYPE_MISSING', async () => {
    await expectRefused('LTI_MESSAGE_TYPE_MISSING', (claims) => {
      delete claims[LTI_CLAIM.messageType];
    });
  });

  it('a message_type the tool does not handle: LTI_MESSAGE_TYPE_UNSUPPORTED', async () => {
    await expectRefused('LTI_MESSAGE_TYPE_UNSUPPORTED', (claims) => {
      claims[LTI_CLAIM.messageType] = 'LtiSubmissionReviewRequest';
    });
  });

  it('a resource link without id: LTI_RESOURCE_LINK_MISSING', async () => {
    await expectRefused('LTI_RESOURCE_LINK_MISSING', (claims) => {
      claims[LTI_CLAIM.resourceLink] = { title: 'no id' };
    });
  });

  it('no roles claim at all: LTI_ROLES_MISSING', async () => {
    await expectRefused('LTI_ROLES_MISSING', (claims) => {
      delete claims[LTI_CLAIM.roles];
    });
  });

  it('a target_link_uri other than the login’s: LTI_TARGET_LINK_MISMATCH', async () => {
    await expectRefused('LTI_TARGET_LINK_MISMATCH', (claims) => {
      claims[LTI_CLAIM.targetLinkUri] = `${lti.tool.url}/home`;
    });
  });

  it('a context without id: LTI_CLAIM_INVALID', async () => {
    await expectRefused('LTI_CLAIM_INVALID', (claims) => {
      claims[LTI_CLAIM.context] = { title: 'CM1' };
    });
  });

  it('no sub (an anonymous launch) opens nothing: LTI_ANONYMOUS_LAUNCH', async () => {
    const response = await expectRefused('LTI_ANONYMOUS_LAUNCH', (claims) => {
      delete claims.sub;
    });
    expect(response.status).to.equal(403);
  });
});
