import { expect } from 'chai';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { giveDirectoryKey } from './directory-keys.js';
import { educonnectAttributes, type EduConnectAccount } from './educonnect-accounts.js';
import { startSamlFixture, type SamlFixture } from './saml-setup.js';

/*
 * An ÉduConnect connector that lists no schools serves every school. A parent whose assertion
 * carries only their académie key (FrEduCtRefId, no FrEduVecteur) names no school: the key is
 * then looked up in every school whose records hold it, still per kind, and — because the same
 * digits may name a stranger in another académie — only someone whose names agree is found.
 */

async function personOf(subject: string): Promise<string | undefined> {
  const rows = (await testDataSource().query('SELECT personId FROM external_identity WHERE subject = ?', [subject])) as { personId: string }[];
  return rows[0]?.personId;
}

async function peopleCount(): Promise<number> {
  const rows = (await testDataSource().query('SELECT COUNT(*) AS n FROM person')) as { n: number | string }[];
  return Number(rows[0]!.n);
}

async function approvedChildrenOf(personId: string): Promise<string[]> {
  const rows = (await testDataSource().query("SELECT childId FROM guardianship WHERE guardianId = ? AND approval = 'approved' ORDER BY childId", [personId])) as {
    childId: string;
  }[];
  return rows.map((row) => row.childId);
}

describe('an ÉduConnect parent with only an académie key, through a connector serving every school', function () {
  this.timeout(30_000);
  let fixture: SamlFixture;
  before(async () => {
    fixture = await startSamlFixture(); // lists no schools
  });
  after(() => fixture.stop());

  async function signIn(login: string, account: EduConnectAccount): Promise<void> {
    fixture.idp.accounts.set(login, { nameId: `transient-${login}`, attributes: educonnectAttributes(account) });
    const posted = await fixture.postResponse(fixture.idp.signIn(await fixture.startSignIn(), login).SAMLResponse);
    expect(posted.status, posted.text).to.equal(303);
  }

  it("becomes the parent the school's records created, with the children they recorded, and no second person", async () => {
    const school = await SchoolFactory.create(testDataSource());
    const child = await school.pupil(await school.class(), { givenName: 'Yusuf', familyName: 'Öztürk' });
    const parent = await school.guardian([child], { person: await school.person({ givenName: 'Ayşe', familyName: 'Öztürk' }) });
    await giveDirectoryKey(parent, '7310042', school, 'guardian');
    const before = await peopleCount();
    await signIn('ayse', { id: 'ect-ayse-7310042', affiliation: 'resp2d', givenName: 'AYSE', familyName: 'OZTURK', refIds: ['{AAF}14|RESP|7310042'] });
    expect(await personOf('ect-ayse-7310042')).to.equal(parent.id);
    expect(await approvedChildrenOf(parent.id)).to.deep.equal([child.id]);
    expect(await peopleCount(), 'no second, childless person').to.equal(before);
  });

  it('still per kind: the same digits held by a pupil of the same names designate nobody', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const pupil = await school.pupil(await school.class(), { givenName: 'Camille', familyName: 'Roux' });
    await giveDirectoryKey(pupil, '7310043', school, 'pupil');
    await signIn('camille', { id: 'ect-camille-7310043', affiliation: 'resp1d', givenName: 'Camille', familyName: 'Roux', refIds: ['{AAF}14|RESP|7310043'] });
    expect(await personOf('ect-camille-7310043')).to.be.a('string').and.not.to.equal(pupil.id);
  });

  it('never attaches to a holder of the same digits whose names differ (another académie numbers its people too)', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const child = await school.pupil(await school.class());
    const parent = await school.guardian([child], { person: await school.person({ givenName: 'Hélène', familyName: 'Garnier' }) });
    await giveDirectoryKey(parent, '7310044', school, 'guardian');
    await signIn('stranger', { id: 'ect-stranger-7310044', affiliation: 'resp2d', givenName: 'Paul', familyName: 'Inconnu', refIds: ['{AAF}22|RESP|7310044'] });
    const attached = await personOf('ect-stranger-7310044');
    expect(attached).to.be.a('string').and.not.to.equal(parent.id);
    expect(await approvedChildrenOf(attached!)).to.deep.equal([]);
  });

  it('attaches to nobody when two schools hold the key for two people of the same names', async () => {
    const holders: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const school = await SchoolFactory.create(testDataSource());
      const child = await school.pupil(await school.class());
      const parent = await school.guardian([child], { person: await school.person({ givenName: 'Noé', familyName: 'Lambert' }) });
      await giveDirectoryKey(parent, '7310045', school, 'guardian');
      holders.push(parent.id);
    }
    await signIn('twice', { id: 'ect-twice-7310045', affiliation: 'resp2d', givenName: 'Noé', familyName: 'Lambert', refIds: ['{AAF}14|RESP|7310045'] });
    expect(holders).not.to.include(await personOf('ect-twice-7310045'));
  });
});
