import { expect } from 'chai';
import request from 'supertest';
import { Guardianship, SchoolClass, TeachingAssignment } from '../../src/model/index.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { giveDirectoryKey } from './directory-keys.js';
import { startOidcFixture, type OidcFixture } from './oidc-setup.js';

describe('OpenID Connect sign-in through an Edifice ENT', function () {
  this.timeout(30_000);
  let fixture: OidcFixture;
  before(async () => {
    fixture = await startOidcFixture();
  });
  after(() => fixture.stop());

  it('asks with PKCE S256, a state and a nonce, after discovery', async () => {
    const { location } = await fixture.startSignIn();
    const url = new URL(location);
    expect(url.origin).to.equal(fixture.provider.url);
    expect(url.searchParams.get('code_challenge_method')).to.equal('S256');
    expect(url.searchParams.get('code_challenge')).to.match(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).to.match(/^[\w-]{43}$/);
    expect(url.searchParams.get('nonce')).to.match(/^[\w-]{43}$/);
    expect(url.searchParams.get('scope')).to.equal('openid userinfo');
  });

  it('signs a parent in and links the children the ENT states (userinfo 2.1), and only those', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class('CE1 Les Renards');
    const child = await school.pupil(klass, { givenName: 'Malo', familyName: 'Guerin' });
    await giveDirectoryKey(child, 'ELV-ENT-1', school, 'pupil');
    const stranger = await school.pupil(klass, { givenName: 'Zoé', familyName: 'Caron' });
    fixture.provider.accounts.set('parent.guerin', {
      sub: 'ent-user-parent-1',
      userinfo: {
        userId: 'ent-user-parent-1',
        firstName: 'Claire',
        lastName: 'GUERIN',
        email: 'claire.guerin@example.org',
        type: 'Relative',
        structures: ['struct-1'],
        uai: [school.school.uai],
        children: { 'ent-user-child-1': { firstName: 'Malo', lastName: 'GUERIN', externalId: 'ELV-ENT-1' } },
      },
    });
    const { response, cookie } = await fixture.signIn('parent.guerin');
    expect(response.status, response.text).to.equal(303);
    expect(response.headers.location).to.equal('/home');
    const links = await testDataSource().getRepository(Guardianship).findBy({ childId: child.id });
    expect(links.map((link) => [link.approval, link.source])).to.deep.equal([['approved', 'ent']]);
    const home = await request(fixture.testApp.app).get('/home').set('Cookie', cookie);
    expect(home.text).to.include('Malo Guerin').and.not.to.include(stranger.givenName);
  });

  it('signs a teacher in with the classes the ENT names', async () => {
    const school = await SchoolFactory.create(testDataSource());
    fixture.provider.accounts.set('teacher.roy', {
      sub: 'ent-user-teacher-1',
      userinfo: {
        userId: 'ent-user-teacher-1',
        firstName: 'Jean',
        lastName: 'ROY',
        type: 'Teacher',
        uai: [school.school.uai],
        classes: ['ent-class-cm1'],
        realClassesNames: ['CM1 Les Castors'],
      },
    });
    const { response, cookie } = await fixture.signIn('teacher.roy');
    expect(response.status, response.text).to.equal(303);
    const klass = await testDataSource().getRepository(SchoolClass).findOneByOrFail({ schoolId: school.id, externalRef: 'ent-class-cm1' });
    expect(klass.name).to.equal('CM1 Les Castors');
    expect(await testDataSource().getRepository(TeachingAssignment).countBy({ classId: klass.id })).to.equal(1);
    const home = await request(fixture.testApp.app).get('/home').set('Cookie', cookie);
    expect(home.text).to.include('CM1 Les Castors');
  });

  it('signs in through a generic OIDC connector with its claim table', async () => {
    fixture.provider.accounts.set('generic', { sub: 'ent-user-generic', userinfo: { firstName: 'Ana', lastName: 'LIMA', email: 'ana@example.org', type: 'Relative' } });
    const { response } = await fixture.signIn('generic', 'ent-generic');
    expect(response.status, response.text).to.equal(303);
    const rows = (await testDataSource().query('SELECT p.givenName AS givenName, p.email AS email FROM person p JOIN external_identity x ON x.personId = p.id WHERE x.subject = ?', [
      'ent-user-generic',
    ])) as { givenName: string; email: string }[];
    expect(rows).to.deep.equal([{ givenName: 'Ana', email: 'ana@example.org' }]);
  });
});

describe('an ENT connector serving some schools only', function () {
  this.timeout(30_000);
  it('ignores what the ENT claims about schools it does not serve', async () => {
    const served = await SchoolFactory.create(testDataSource());
    const other = await SchoolFactory.create(testDataSource());
    const fixture = await startOidcFixture({ schools: [served.school.uai] });
    try {
      fixture.provider.accounts.set('teacher.two', {
        sub: 'ent-user-two-schools',
        userinfo: { firstName: 'Léa', lastName: 'DUC', type: 'Teacher', uai: [served.school.uai, other.school.uai] },
      });
      const { response } = await fixture.signIn('teacher.two');
      expect(response.status, response.text).to.equal(303);
      const roles = (await testDataSource().query(
        'SELECT m.schoolId AS schoolId FROM school_membership m JOIN external_identity x ON x.personId = m.personId WHERE x.subject = ?',
        ['ent-user-two-schools'],
      )) as { schoolId: string }[];
      expect(roles.map((row) => row.schoolId)).to.deep.equal([served.id]);
    } finally {
      await fixture.stop();
    }
  });
});
