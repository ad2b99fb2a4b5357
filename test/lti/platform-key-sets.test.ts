import { expect } from 'chai';
import { freshnessSeconds } from '../../src/lti/platforms/cache-control.js';
import type { SimMessage } from '../support/lti-platform.js';
import { ltiFixture, type LtiFixture } from './support/fixture.js';
import { LtiPlatform } from '../../src/model/lti-platform.js';
import { testDataSource } from '../support/database.js';
import { launchFootprint } from './support/database-facts.js';
import { errorCode, launch, launchWith } from './support/launch.js';

/*
 * The platform's JWKS: fetched once and cached as its Cache-Control says, refetched once when a
 * token names a key the cached set lacks (the platform rotated), never per launch.
 */
describe('LTI platform key sets', function () {
  this.timeout(30_000);
  let lti: LtiFixture;
  const pupilLaunch: SimMessage = { user: 'pupil-1', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' };

  beforeEach(async () => {
    lti = await ltiFixture();
  });
  afterEach(async () => {
    await lti.close();
  });

  it('fetches the key set once for many launches', async () => {
    for (let index = 0; index < 5; index += 1) expect((await launch(lti.browser(), lti.platform, pupilLaunch)).status).to.equal(303);
    expect(lti.platform.counts.jwks).to.equal(1);
  });

  it('fetches it again once its max-age has passed', async () => {
    lti.platform.jwksCacheControl = 'public, max-age=120';
    await launch(lti.browser(), lti.platform, pupilLaunch);
    lti.clock.advanceMinutes(1);
    await launch(lti.browser(), lti.platform, pupilLaunch);
    expect(lti.platform.counts.jwks).to.equal(1);
    lti.clock.advanceMinutes(2);
    await launch(lti.browser(), lti.platform, pupilLaunch);
    expect(lti.platform.counts.jwks).to.equal(2);
  });

  it('keeps even a no-store key set a minute, so launches never fetch it one by one', async () => {
    lti.platform.jwksCacheControl = 'no-store';
    await launch(lti.browser(), lti.platform, pupilLaunch);
    await launch(lti.browser(), lti.platform, pupilLaunch);
    expect(lti.platform.counts.jwks).to.equal(1);
  });

  it('follows a platform that rotates its key: one refetch on the new kid, then cached again', async () => {
    await launch(lti.browser(), lti.platform, pupilLaunch);
    await lti.platform.rotateKey();
    lti.clock.advanceMinutes(1);
    expect((await launch(lti.browser(), lti.platform, pupilLaunch)).status).to.equal(303);
    expect((await launch(lti.browser(), lti.platform, pupilLaunch)).status).to.equal(303);
    expect(lti.platform.counts.jwks).to.equal(2);
  });

  it('a platform whose key set cannot be fetched: LTI_PLATFORM_KEYS_UNAVAILABLE, and nothing written', async () => {
    await testDataSource().getRepository(LtiPlatform).update({ id: lti.registration.id }, { keysetUrl: 'http://127.0.0.1:9/jwks' });
    const before = await launchFootprint();
    const response = await launchWith(lti.browser(), lti.platform, pupilLaunch);
    expect([response.status, errorCode(response)]).to.deep.equal([502, 'LTI_PLATFORM_KEYS_UNAVAILABLE']);
    expect(await launchFootprint()).to.deep.equal(before);
  });

  it('a platform briefly down does not stop launches signed with keys already known', async () => {
    await launch(lti.browser(), lti.platform, pupilLaunch);
    await lti.platform.close();
    lti.clock.advanceMinutes(30);
    // Its authorization endpoint is down too: the token is signed as the platform would.
    expect((await launchWith(lti.browser(), lti.platform, pupilLaunch)).status).to.equal(303);
  });

  it('a key set kept longer than an hour is fetched again, whatever the platform says (a key it removed stops working)', async () => {
    lti.platform.jwksCacheControl = 'public, max-age=86400';
    await launch(lti.browser(), lti.platform, pupilLaunch);
    lti.clock.advanceMinutes(59);
    await launch(lti.browser(), lti.platform, pupilLaunch);
    expect(lti.platform.counts.jwks).to.equal(1);
    lti.clock.advanceMinutes(2);
    await launch(lti.browser(), lti.platform, pupilLaunch);
    expect(lti.platform.counts.jwks).to.equal(2);
  });

  it('a platform whose key set fails is not asked again at every launch: it backs off', async () => {
    await launch(lti.browser(), lti.platform, pupilLaunch);
    lti.platform.jwksUnavailable = true;
    lti.clock.advanceMinutes(11);
    expect((await launchWith(lti.browser(), lti.platform, pupilLaunch)).status, 'keys already known still serve').to.equal(303);
    expect(lti.platform.counts.jwks).to.equal(2);
    for (let index = 0; index < 3; index += 1) expect((await launchWith(lti.browser(), lti.platform, pupilLaunch)).status).to.equal(303);
    expect(lti.platform.counts.jwks, 'no fetch during the back-off').to.equal(2);
    lti.clock.advanceMinutes(1);
    lti.platform.jwksUnavailable = false;
    await launchWith(lti.browser(), lti.platform, pupilLaunch);
    expect(lti.platform.counts.jwks, 'tried again after the back-off').to.equal(3);
  });

  it('a platform whose key set never came: refused at once during the back-off, without a fetch per launch', async () => {
    lti.platform.jwksUnavailable = true;
    expect(errorCode(await launchWith(lti.browser(), lti.platform, pupilLaunch))).to.equal('LTI_PLATFORM_KEYS_UNAVAILABLE');
    expect(errorCode(await launchWith(lti.browser(), lti.platform, pupilLaunch))).to.equal('LTI_PLATFORM_KEYS_UNAVAILABLE');
    expect(lti.platform.counts.jwks).to.equal(1);
  });

  it('reads Cache-Control within bounds', () => {
    const bounds = { defaultSeconds: 600, minSeconds: 60, maxSeconds: 86_400 };
    expect(freshnessSeconds(null, bounds)).to.equal(600);
    expect(freshnessSeconds('public, max-age=300', bounds)).to.equal(300);
    expect(freshnessSeconds('max-age=5', bounds)).to.equal(60);
    expect(freshnessSeconds('max-age=31536000', bounds)).to.equal(86_400);
    expect(freshnessSeconds('no-cache', bounds)).to.equal(60);
    expect(freshnessSeconds('max-age=abc', bounds)).to.equal(600);
  });
});
