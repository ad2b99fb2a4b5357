import { expect } from 'chai';
import request from 'supertest';
import { Guardianship } from '../../src/model/index.js';
import { defaultSchoolSettings } from '../../src/model/school-settings.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { sessionCookie } from './cookies.js';
import { giveAccount, giveDirectoryKey } from './directory-keys.js';
import { educonnectAttributes } from './educonnect-accounts.js';
import { startOidcFixture, type OidcFixture } from './oidc-setup.js';
import { startSamlFixture, type SamlFixture } from './saml-setup.js';

/*
 * A parent a court decision keeps away (no access, recorded by the school) signs in again under
 * another account the school does not know. Whatever the source claims, and however trusted, the
 * new link waits for the director: it gives nothing, and the director sees it among the proposals.
 */

/** Hugo, and his father Thomas Lambert kept away from him by a decision in the school's records (names unlike the demo school's). */
async function separatedFamily(settings: object = {}) {
  const school = await SchoolFactory.create(testDataSource(), { settingsJson: JSON.stringify({ ...defaultSchoolSettings(), ...settings }) });
  const hugo = await school.pupil(await school.class('GS'), { givenName: 'Hugo', familyName: 'Lambert' });
  const thomas = await school.guardian([hugo], { status: 'noAccess', legalBasis: true, person: await school.person({ givenName: 'Thomas', familyName: 'Lambert' }) });
  return { school, hugo, thomas };
}

async function linksOf(childId: string) {
  const rows = await testDataSource().getRepository(Guardianship).findBy({ childId });
  return rows.map((row) => ({ guardianId: row.guardianId, status: row.status, approval: row.approval }));
}

async function auditActions(schoolId: string): Promise<string[]> {
  const rows = (await testDataSource().query('SELECT action FROM audit_event WHERE schoolId = ? ORDER BY at, id', [schoolId])) as { action: string }[];
  return rows.map((row) => row.action);
}

describe('a parent kept away by a decision, signing in under a second account', function () {
  this.timeout(30_000);

  describe('through the ENT (OpenID Connect, Edifice: authoritative links)', () => {
    let fixture: OidcFixture;
    before(async () => {
      fixture = await startOidcFixture();
    });
    after(() => fixture.stop());

    it('gets a pending link, never an approved one, and sees nothing; the director is asked', async () => {
      const { school, hugo, thomas } = await separatedFamily();
      // The ENT names Hugo by his own ENT account: the claim designates him for sure.
      await giveAccount(hugo, fixture.provider.url, 'ent-hugo-lambert');
      fixture.provider.accounts.set('thomas.lambert', {
        sub: 'ent-thomas-lambert',
        userinfo: { firstName: 'Thomas', lastName: 'LAMBERT', type: 'Relative', uai: [school.school.uai], children: { 'ent-hugo-lambert': { firstName: 'Hugo', lastName: 'LAMBERT' } } },
      });
      const { response, cookie } = await fixture.signIn('thomas.lambert');
      expect(response.status, response.text).to.equal(303);

      const links = await linksOf(hugo.id);
      const second = links.find((link) => link.guardianId !== thomas.id);
      expect(links).to.have.length(2);
      expect(links.find((link) => link.guardianId === thomas.id)).to.deep.include({ status: 'noAccess', approval: 'approved' });
      expect(second).to.deep.include({ status: 'full', approval: 'pending' });
      expect(await auditActions(school.id)).to.include('guardianship.proposedNearRestriction').and.not.to.include('guardianship.linkedBySource');
      const home = await request(fixture.testApp.app).get('/home').set('Cookie', cookie);
      expect(home.status).to.equal(200);
      expect(home.text).not.to.include('Hugo');

      const director = await fixture.testApp.signIn((await school.director()).id);
      const proposals = await request(fixture.testApp.app).get(`/schools/${school.id}/pending-links`).set('Cookie', director.cookie);
      expect(proposals.text).to.include('Thomas LAMBERT').and.to.include('Hugo Lambert');
    });

    it('still links at once a child with no restriction in force (the control)', async () => {
      const school = await SchoolFactory.create(testDataSource());
      const lina = await school.pupil(await school.class('CP'), { givenName: 'Lina', familyName: 'Haddad' });
      await giveAccount(lina, fixture.provider.url, 'ent-lina-haddad');
      fixture.provider.accounts.set('sami.haddad', {
        sub: 'ent-sami-haddad',
        userinfo: { firstName: 'Sami', lastName: 'HADDAD', type: 'Relative', uai: [school.school.uai], children: { 'ent-lina-haddad': { firstName: 'Lina', lastName: 'HADDAD' } } },
      });
      const { response } = await fixture.signIn('sami.haddad');
      expect(response.status, response.text).to.equal(303);
      expect((await linksOf(lina.id)).map((link) => link.approval)).to.deep.equal(['approved']);
    });
  });

  describe('through ÉduConnect, in a school that trusts ÉduConnect’s links', () => {
    let fixture: SamlFixture;
    before(async () => {
      fixture = await startSamlFixture();
    });
    after(() => fixture.stop());

    it('gets a pending link, never an approved one, and sees nothing', async () => {
      const { school, hugo, thomas } = await separatedFamily({ identity: { trustEduConnectLinks: true } });
      await giveDirectoryKey(hugo, 'ELV-HUGO-1', school, 'pupil');
      fixture.idp.accounts.set('thomas', {
        nameId: 'transient-thomas',
        attributes: educonnectAttributes({ id: 'ect-thomas-2', affiliation: 'resp1d', givenName: 'Thomas', familyName: 'LAMBERT', vectors: [`1|LAMBERT|Thomas|ELV-HUGO-1|${school.school.uai}`] }),
      });
      const posted = await fixture.postResponse(fixture.idp.signIn(await fixture.startSignIn('/home'), 'thomas').SAMLResponse);
      expect(posted.status, posted.text).to.equal(303);

      const links = await linksOf(hugo.id);
      expect(links.find((link) => link.guardianId === thomas.id)).to.deep.include({ status: 'noAccess', approval: 'approved' });
      expect(links.find((link) => link.guardianId !== thomas.id)).to.deep.include({ approval: 'pending' });
      expect(await auditActions(school.id)).to.include('guardianship.proposedNearRestriction');
      const home = await request(fixture.testApp.app).get('/home').set('Cookie', sessionCookie(posted)!);
      expect(home.text).not.to.include('Hugo');
    });
  });
});
