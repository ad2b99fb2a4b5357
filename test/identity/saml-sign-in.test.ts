import { expect } from 'chai';
import request from 'supertest';
import { Guardianship, IdentityPendingRequest } from '../../src/model/index.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { giveDirectoryKey } from './directory-keys.js';
import { educonnectAttributes } from './educonnect-accounts.js';
import { startSamlFixture, TEST_BASE_URL, type SamlFixture } from './saml-setup.js';

const cookieOf = (response: request.Response): string =>
  ([] as string[])
    .concat(response.headers['set-cookie'] ?? [])
    .find((cookie) => cookie.startsWith('ecarnet_session='))!
    .split(';')[0]!;

describe('SAML sign-in with ÉduConnect', function () {
  this.timeout(30_000);
  let fixture: SamlFixture;
  before(async () => {
    fixture = await startSamlFixture();
  });
  after(() => fixture.stop());

  it('signs its AuthnRequests and keeps their IDs in the database', async () => {
    const location = await fixture.startSignIn();
    const url = new URL(location);
    expect(url.origin + url.pathname).to.equal(fixture.idp.ssoUrl);
    expect(url.searchParams.get('SigAlg')).to.equal('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    const received = fixture.idp.receiveAuthnRequest(location); // checks the signature with the SP certificate
    expect(await testDataSource().getRepository(IdentityPendingRequest).countBy({ id: received.id, protocol: 'saml' })).to.equal(1);
    const tampered = location.replace(/Signature=[^&]+/, `Signature=${encodeURIComponent(Buffer.alloc(256).toString('base64'))}`);
    expect(() => fixture.idp.receiveAuthnRequest(tampered)).to.throw('bad request signature');
  });

  it('serves SP metadata with its entity id, ACS, single logout and both certificates', async () => {
    const response = await request(fixture.testApp.app).get(`/auth/saml/${fixture.connectorId}/metadata`);
    expect(response.status).to.equal(200);
    expect(response.headers['content-type']).to.include('application/samlmetadata+xml');
    expect(response.text)
      .to.include(`entityID="${TEST_BASE_URL}/auth/saml/educonnect/metadata"`)
      .and.to.include(`Location="${TEST_BASE_URL}/auth/saml/educonnect/acs"`)
      .and.to.include(`${TEST_BASE_URL}/auth/saml/educonnect/logout`)
      .and.to.include('use="signing"')
      .and.to.include('use="encryption"');
  });

  it('signs in a parent the school records list (by directory key) and shows her own child only', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class('CP Les Loutres');
    const child = await school.pupil(klass, { givenName: 'Nour', familyName: 'Amrani' });
    const other = await school.pupil(klass, { givenName: 'Paul', familyName: 'Vidal' });
    await school.guardian([other]);
    const mother = await school.guardian([child]);
    await giveDirectoryKey(mother, 'RESP-100', school, 'guardian');
    await giveDirectoryKey(child, 'ELV-100', school, 'pupil');
    fixture.idp.accounts.set('mother', {
      nameId: 'transient-mother',
      attributes: educonnectAttributes({
        id: 'ect-mother-1',
        affiliation: 'resp1d',
        givenName: 'Samia',
        familyName: 'AMRANI',
        refIds: ['{AAF}01|RESP|RESP-100', 'ECT|x|y'],
        // The vector names her child's school: her key is looked up there only.
        vectors: [`1|AMRANI|Samia|ELV-100|${school.school.uai}`],
      }),
    });

    const location = await fixture.startSignIn('/home');
    const posted = await fixture.postResponse(fixture.idp.signIn(location, 'mother').SAMLResponse);
    expect(posted.status, posted.text).to.equal(303);
    expect(posted.headers.location).to.equal('/home');
    const home = await request(fixture.testApp.app).get('/home').set('Cookie', cookieOf(posted));
    expect(home.status).to.equal(200);
    expect(home.text).to.include('Nour Amrani').and.not.to.include('Paul Vidal');
  });

  it('takes a responsible adult’s FrEduVecteur as proposed links: nothing is shown until the school confirms', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const child = await school.pupil(await school.class());
    await giveDirectoryKey(child, 'ELV-200', school, 'pupil');
    fixture.idp.accounts.set('vector-parent', {
      nameId: 'transient-vector',
      attributes: educonnectAttributes({
        id: 'ect-vector-1',
        affiliation: 'resp1d',
        givenName: 'Hugo',
        familyName: 'BRUN',
        vectors: [`1|BRUN|Hugo|ELV-200|${school.school.uai}`, `1|BRUN|Hugo|ELV-999|${school.school.uai}`, 'garbage'],
      }),
    });
    const posted = await fixture.postResponse(fixture.idp.signIn(await fixture.startSignIn(), 'vector-parent').SAMLResponse);
    expect(posted.status, posted.text).to.equal(303);
    const links = await testDataSource().getRepository(Guardianship).findBy({ childId: child.id });
    expect(links.map((link) => [link.approval, link.source])).to.deep.equal([['pending', 'educonnect']]);
    const home = await request(fixture.testApp.app).get('/home').set('Cookie', cookieOf(posted));
    expect(home.text).not.to.include(child.givenName);
  });

  it('signs a pupil in and finds the record the school already has, by the vector’s id', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const pupil = await school.pupil(await school.class('CM2'), { givenName: 'Lina', familyName: 'Roche' });
    await giveDirectoryKey(pupil, 'ELV-300', school, 'pupil');
    fixture.idp.accounts.set('pupil', {
      nameId: 'transient-pupil',
      attributes: educonnectAttributes({
        id: 'ect-pupil-1',
        affiliation: 'eleve1d',
        givenName: 'Lina',
        familyName: 'ROCHE',
        pupilUai: school.school.uai,
        vectors: [`3|ROCHE|Lina|ELV-300|${school.school.uai}`],
      }),
    });
    const posted = await fixture.postResponse(fixture.idp.signIn(await fixture.startSignIn(), 'pupil').SAMLResponse);
    expect(posted.status, posted.text).to.equal(303);
    const rows = (await testDataSource().query('SELECT personId FROM external_identity WHERE subject = ?', ['ect-pupil-1'])) as { personId: string }[];
    expect(rows.map((row) => row.personId)).to.deep.equal([pupil.id]);
  });

  it('renews the session: the visitor’s token is never reused', async () => {
    const visitor = await request(fixture.testApp.app).get('/sign-in');
    const before = cookieOf(visitor);
    fixture.idp.accounts.set('renew', { nameId: 'transient-renew', attributes: educonnectAttributes({ id: 'ect-renew', affiliation: 'resp1d', givenName: 'A', familyName: 'B' }) });
    const posted = await fixture.postResponse(fixture.idp.signIn(await fixture.startSignIn(), 'renew').SAMLResponse, before);
    const after = cookieOf(posted);
    expect(after).not.to.equal(before);
    const old = await request(fixture.testApp.app).get('/api/v1/me').set('Cookie', before);
    expect(old.status).to.equal(401);
  });
});

describe('SAML sign-in with plain (unencrypted) assertions', function () {
  this.timeout(30_000);
  let fixture: SamlFixture;
  before(async () => {
    fixture = await startSamlFixture({ encrypt: false });
  });
  after(() => fixture.stop());

  it('accepts a signed response whose assertion is not encrypted', async () => {
    fixture.idp.accounts.set('plain', { nameId: 'transient-plain', attributes: educonnectAttributes({ id: 'ect-plain', affiliation: 'resp2d', givenName: 'C', familyName: 'D' }) });
    const posted = await fixture.postResponse(fixture.idp.signIn(await fixture.startSignIn(), 'plain').SAMLResponse);
    expect(posted.status, posted.text).to.equal(303);
  });
});
