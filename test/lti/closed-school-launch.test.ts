import { expect } from 'chai';
import { testDataSource } from '../support/database.js';
import { ROLE, type SimMessage } from '../support/lti-platform.js';
import { countRows } from './support/database-facts.js';
import { ltiFixture, type LtiFixture } from './support/fixture.js';
import { errorCode, launch } from './support/launch.js';

/*
 * A returning pupil's launch reads whether all their schools were closed in the same statement
 * as the person: the one admission check must still refuse them once an operator deactivated the
 * school, and open no session.
 */
describe('LTI launch of a returning pupil whose school was deactivated', function () {
  this.timeout(60_000);
  let lti: LtiFixture;
  const message: SimMessage = { user: 'closed-pupil', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' };

  before(async () => {
    lti = await ltiFixture();
    lti.platform.addUser({ sub: 'closed-pupil', givenName: 'Rose', familyName: 'Fermé', roles: [ROLE.learner] });
  });
  after(async () => {
    await testDataSource().getRepository('school').update({ id: lti.school.id }, { deactivatedAt: null });
    await lti.close();
  });

  it('is refused with SCHOOL_DEACTIVATED, and no session opens', async () => {
    expect((await launch(lti.browser(), lti.platform, message)).status, 'the first launch').to.equal(303);
    const sessions = () => countRows('http_session', 'signInMethod = ?', [`lti:${lti.registration.id}`]);
    const before = await sessions();
    await testDataSource().getRepository('school').update({ id: lti.school.id }, { deactivatedAt: lti.clock.now() });
    const refused = await launch(lti.browser(), lti.platform, message);
    expect(refused.status).to.equal(403);
    expect(errorCode(refused)).to.equal('SCHOOL_DEACTIVATED');
    expect(await sessions()).to.equal(before);
  });
});
