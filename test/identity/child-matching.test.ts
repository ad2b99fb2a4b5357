import { expect } from 'chai';
import { provisionIdentity } from '../../src/auth/provisioner.js';
import { Guardianship } from '../../src/model/index.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { giveAccount } from './directory-keys.js';
import { startOidcFixture, type OidcFixture } from './oidc-setup.js';

/*
 * A child claimed by a guardian is linked at once only when found for sure: by the child's own
 * account, or by their pupil key in the school's records. Names alone are a guess the school
 * confirms; they never reach a homonym in another school, and a name with no letter (or in
 * another script) never matches another.
 */

const approvals = async (childId: string) => (await testDataSource().getRepository(Guardianship).findBy({ childId })).map((link) => link.approval);

describe('children claimed by an ENT, found for sure or proposed', function () {
  this.timeout(30_000);
  let fixture: OidcFixture;
  before(async () => {
    fixture = await startOidcFixture();
  });
  after(() => fixture.stop());

  it('links a parent of two schools to their own children only, never to a homonym in the other school', async () => {
    const schoolA = await SchoolFactory.create(testDataSource());
    const schoolB = await SchoolFactory.create(testDataSource());
    const lucas = await schoolA.pupil(await schoolA.class('CP'), { givenName: 'Lucas', familyName: 'Martin' });
    const emma = await schoolB.pupil(await schoolB.class('CE1'), { givenName: 'Emma', familyName: 'Martin' });
    const stranger = await schoolB.pupil(await schoolB.class('CM2'), { givenName: 'Lucas', familyName: 'Martin' });
    await giveAccount(lucas, fixture.provider.url, 'ent-child-lucas');
    await giveAccount(emma, fixture.provider.url, 'ent-child-emma');
    fixture.provider.accounts.set('julie.martin', {
      sub: 'ent-julie-martin',
      userinfo: {
        firstName: 'Julie',
        lastName: 'MARTIN',
        type: 'Relative',
        uai: [schoolA.school.uai, schoolB.school.uai],
        children: { 'ent-child-lucas': { firstName: 'Lucas', lastName: 'MARTIN' }, 'ent-child-emma': { firstName: 'Emma', lastName: 'MARTIN' } },
      },
    });
    const { response } = await fixture.signIn('julie.martin');
    expect(response.status, response.text).to.equal(303);
    expect(await approvals(lucas.id)).to.deep.equal(['approved']);
    expect(await approvals(emma.id)).to.deep.equal(['approved']);
    expect(await approvals(stranger.id)).to.deep.equal([]);
  });

  it('only proposes a child found by names alone, for the school to confirm', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const tom = await school.pupil(await school.class('CE2'), { givenName: 'Tom', familyName: 'Girard' });
    fixture.provider.accounts.set('paul.girard', {
      sub: 'ent-paul-girard',
      userinfo: { firstName: 'Paul', lastName: 'GIRARD', type: 'Relative', uai: [school.school.uai], children: { 'ent-tom-unknown': { firstName: 'Tom', lastName: 'GIRARD' } } },
    });
    const { response } = await fixture.signIn('paul.girard');
    expect(response.status, response.text).to.equal(303);
    expect(await approvals(tom.id)).to.deep.equal(['pending']);
  });
});

describe('names compared letter by letter, in every script', () => {
  const NOW = new Date('2026-11-20T09:00:00.000Z');
  const claimant = (subject: string, children: { givenName: string; familyName: string }[], schoolId: string) => ({
    issuer: 'https://idp.example.test',
    subject: `${subject}-${Date.now()}`,
    connectorId: 'test-idp',
    schools: [],
    classes: [],
    children: children.map((child) => ({ school: { schoolId }, ...child, trust: 'authoritative' as const })),
  });

  it('never takes a name in one alphabet for a name in another', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const maria = await school.pupil(await school.class(), { givenName: 'Мария', familyName: 'Иванова' });
    const other = await provisionIdentity(testDataSource(), claimant('arabic', [{ givenName: 'عائشة', familyName: 'الحسني' }], school.id), NOW);
    expect(other).to.deep.include({ unmatchedChildren: 1, linkedChildren: 0, pendingChildren: 0 });
    expect(await approvals(maria.id)).to.deep.equal([]);
    const same = await provisionIdentity(testDataSource(), claimant('cyrillic', [{ givenName: 'МАРИЯ', familyName: 'иванова' }], school.id), NOW);
    expect(same).to.deep.include({ unmatchedChildren: 0, pendingChildren: 1 });
  });

  it('never matches a name without letters', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const dashes = await school.pupil(await school.class(), { givenName: '—', familyName: '-' });
    const result = await provisionIdentity(testDataSource(), claimant('dashes', [{ givenName: '--', familyName: '…' }], school.id), NOW);
    expect(result).to.deep.include({ unmatchedChildren: 1, linkedChildren: 0, pendingChildren: 0 });
    expect(await approvals(dashes.id)).to.deep.equal([]);
  });
});
