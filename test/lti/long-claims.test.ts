import { expect } from 'chai';
import { LTI_CLAIM } from '../../src/lti/claims.js';
import { Person, SchoolClass } from '../../src/model/index.js';
import { testDataSource } from '../support/database.js';
import type { SimMessage } from '../support/lti-platform.js';
import { launchFootprint, personOf } from './support/database-facts.js';
import { ltiFixture, type LtiFixture } from './support/fixture.js';
import { errorCode, launchWith } from './support/launch.js';

/*
 * Claims longer than the columns that keep them: a title or a name is cut to its column (a long
 * French course title is normal), an identifier too long to be kept is refused with
 * LTI_CLAIM_INVALID before the login is spent. On both engines (MariaDB refuses what SQLite
 * silently stores).
 */
describe('LTI claims longer than their columns', function () {
  this.timeout(30_000);
  let lti: LtiFixture;
  const teacher: SimMessage = { user: 'teacher-1', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' };

  before(async () => {
    lti = await ltiFixture();
  });
  after(async () => {
    await lti.close();
  });

  async function classAt(location: string): Promise<SchoolClass> {
    const id = /^\/classes\/([0-9a-f-]{36})$/.exec(location)?.[1];
    expect(id, location).to.be.a('string');
    return testDataSource().getRepository(SchoolClass).findOneByOrFail({ id: id! });
  }

  it('a 150-character context id with a 150-character title: the class is named after the title, cut to 100 characters', async () => {
    const title = `${'Éducation physique et sportive — '.repeat(5)}`.slice(0, 150);
    const response = await launchWith(lti.browser(), lti.platform, teacher, (claims) => {
      claims[LTI_CLAIM.context] = { id: 'c'.repeat(150), title };
    });
    expect(response.status, response.text).to.equal(303);
    const klass = await classAt(response.headers.location);
    expect(klass.name).to.equal(title.slice(0, 100));
  });

  it('a context id of 191 characters and no title: a class whose name fits', async () => {
    const response = await launchWith(lti.browser(), lti.platform, teacher, (claims) => {
      claims[LTI_CLAIM.context] = { id: 'd'.repeat(191) };
    });
    expect(response.status, response.text).to.equal(303);
    const klass = await classAt(response.headers.location);
    expect(Array.from(klass.name).length).to.be.at.most(100);
  });

  it('a title made of emoji is cut between characters, never inside one', async () => {
    const title = '🦫'.repeat(120);
    const response = await launchWith(lti.browser(), lti.platform, teacher, (claims) => {
      claims[LTI_CLAIM.context] = { id: 'ctx-emoji', title };
    });
    expect(response.status, response.text).to.equal(303);
    expect((await classAt(response.headers.location)).name).to.equal('🦫'.repeat(100));
  });

  it('the label stands in for a missing title, cut too', async () => {
    const response = await launchWith(lti.browser(), lti.platform, teacher, (claims) => {
      claims[LTI_CLAIM.context] = { id: 'ctx-label', label: 'L'.repeat(130) };
    });
    expect((await classAt(response.headers.location)).name).to.equal('L'.repeat(100));
  });

  it('a name longer than its column is cut, not dropped', async () => {
    lti.platform.addUser({ sub: 'long-name', givenName: 'Anne-'.repeat(30), familyName: 'Roussel', roles: ['Learner'] });
    const response = await launchWith(lti.browser(), lti.platform, { user: 'long-name', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
    expect(response.status).to.equal(303);
    const person = await testDataSource().getRepository(Person).findOneByOrFail({ id: (await personOf(lti.registration.identityIssuer, 'long-name'))! });
    expect(person.givenName).to.equal('Anne-'.repeat(30).slice(0, 100));
  });

  it('a context id longer than 191 characters: LTI_CLAIM_INVALID, and the login is not spent', async () => {
    const before = await launchFootprint();
    const response = await launchWith(lti.browser(), lti.platform, teacher, (claims) => {
      claims[LTI_CLAIM.context] = { id: 'e'.repeat(192), title: 'Trop long' };
    });
    expect([response.status, errorCode(response)]).to.deep.equal([400, 'LTI_CLAIM_INVALID']);
    expect(await launchFootprint()).to.deep.equal(before);
  });
});
