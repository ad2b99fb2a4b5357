import { expect } from 'chai';
import request from 'supertest';
import { IdentityPendingRequest } from '../../src/model/index.js';
import { testDataSource } from '../support/database.js';
import { encodeResponse, responseXml, type ResponseOptions } from '../support/saml-response-builder.js';
import { makeTestKeyPair } from '../support/test-certificate.js';
import { educonnectAttributes } from './educonnect-accounts.js';
import { identityRowsDigest } from './identity-rows.js';
import { expectRefused } from './rejection.js';
import { startSamlFixture, type SamlFixture } from './saml-setup.js';

/*
 * One test per rule of SAML Web SSO as e-carnet applies it. Each builds a response that breaks
 * exactly that rule (the IdP double signs and encrypts like a real one), asserts the stable error
 * code, and that the refused sign-in created and changed nothing.
 */
describe('SAML: one refusal per rule', function () {
  this.timeout(30_000);
  let fixture: SamlFixture;
  const attacker = makeTestKeyPair('attacker');

  before(async () => {
    fixture = await startSamlFixture();
    fixture.idp.accounts.set('parent', {
      nameId: 'transient-parent',
      attributes: educonnectAttributes({ id: 'ect-rules-parent', affiliation: 'resp1d', givenName: 'Inès', familyName: 'MARTY' }),
    });
  });
  after(() => fixture.stop());

  /** Starts a real sign-in and answers it with a response changed as the test says. */
  async function answer(change: (options: ResponseOptions) => ResponseOptions): Promise<string> {
    const received = fixture.idp.receiveAuthnRequest(await fixture.startSignIn());
    return fixture.idp.issueResponse(change(fixture.idp.responseOptions('parent', received)));
  }

  it('accepts the untouched response (the control for every rule below)', async () => {
    const response = await answer((options) => options);
    expect((await fixture.postResponse(response)).status).to.equal(303);
  });

  it('refuses a response signed nowhere', async () => {
    const response = await answer((options) => ({ ...options, signAssertionWith: null, signResponseWith: null }));
    await expectRefused(() => fixture.postResponse(response), 'SAML_SIGNATURE_INVALID');
  });

  it('refuses a signed response whose assertion is not signed', async () => {
    const response = await answer((options) => ({ ...options, signAssertionWith: null }));
    await expectRefused(() => fixture.postResponse(response), 'SAML_SIGNATURE_INVALID');
  });

  it('refuses a signed assertion in an unsigned response (the response must be signed too)', async () => {
    const response = await answer((options) => ({ ...options, signResponseWith: null }));
    await expectRefused(() => fixture.postResponse(response), 'SAML_SIGNATURE_INVALID');
  });

  it('refuses a response re-signed by another key', async () => {
    const response = await answer((options) => ({ ...options, signAssertionWith: attacker, signResponseWith: attacker }));
    await expectRefused(() => fixture.postResponse(response), 'SAML_SIGNATURE_INVALID');
  });

  it('refuses a wrong issuer', async () => {
    const response = await answer((options) => ({ ...options, issuer: 'https://other-idp.test/idp' }));
    await expectRefused(() => fixture.postResponse(response), 'SAML_ISSUER_MISMATCH');
  });

  it('refuses an assertion meant for another service provider (audience)', async () => {
    const response = await answer((options) => ({ ...options, audience: 'https://other-sp.test/metadata' }));
    await expectRefused(() => fixture.postResponse(response), 'SAML_AUDIENCE_MISMATCH');
  });

  it('refuses an assertion confirmed for another ACS (recipient)', async () => {
    const response = await answer((options) => ({ ...options, recipient: 'https://other-sp.test/acs' }));
    await expectRefused(() => fixture.postResponse(response), 'SAML_RECIPIENT_MISMATCH');
  });

  it('refuses a response sent to another destination', async () => {
    const response = await answer((options) => ({ ...options, destination: 'https://other-sp.test/acs' }));
    await expectRefused(() => fixture.postResponse(response), 'SAML_DESTINATION_MISMATCH');
  });

  it('refuses an expired assertion', async () => {
    const response = await answer((options) => options);
    fixture.clock.advanceMinutes(6); // the assertion lives 5 minutes, the tolerance is 60 s
    try {
      await expectRefused(() => fixture.postResponse(response), 'SAML_ASSERTION_EXPIRED');
    } finally {
      fixture.clock.advanceMinutes(-6);
    }
  });

  it('refuses an assertion not yet valid, beyond the small clock tolerance', async () => {
    const response = await answer((options) => ({ ...options, notBefore: new Date(options.now.getTime() + 120_000) }));
    await expectRefused(() => fixture.postResponse(response), 'SAML_ASSERTION_NOT_YET_VALID');
  });

  it('tolerates an IdP clock 30 seconds ahead (within the skew)', async () => {
    const response = await answer((options) => ({ ...options, notBefore: new Date(options.now.getTime() + 30_000) }));
    expect((await fixture.postResponse(response)).status).to.equal(303);
  });

  it('refuses an answer to a request e-carnet never sent (unknown InResponseTo)', async () => {
    const response = await answer((options) => ({ ...options, inResponseTo: '_0123456789abcdef0123456789abcdef' }));
    await expectRefused(() => fixture.postResponse(response), 'SAML_IN_RESPONSE_TO_UNKNOWN');
  });

  it('refuses an unsolicited (IdP-initiated) response', async () => {
    const options = fixture.idp.responseOptions('parent');
    await expectRefused(() => fixture.postResponse(fixture.idp.issueResponse(options)), 'SAML_IN_RESPONSE_TO_UNKNOWN');
  });

  it('refuses an answer to a request that has expired', async () => {
    const location = await fixture.startSignIn();
    fixture.clock.advanceMinutes(16);
    try {
      const response = fixture.idp.signIn(location, 'parent').SAMLResponse;
      await expectRefused(() => fixture.postResponse(response), 'SAML_IN_RESPONSE_TO_UNKNOWN');
    } finally {
      fixture.clock.advanceMinutes(-16);
    }
  });

  it('refuses a replayed assertion', async () => {
    const response = await answer((options) => options);
    expect((await fixture.postResponse(response)).status).to.equal(303);
    await expectRefused(() => fixture.postResponse(response), 'SAML_ASSERTION_REPLAYED');
  });

  it('refuses a second answer to the same request', async () => {
    const received = fixture.idp.receiveAuthnRequest(await fixture.startSignIn());
    const first = fixture.idp.issueResponse(fixture.idp.responseOptions('parent', received));
    const second = fixture.idp.issueResponse(fixture.idp.responseOptions('parent', received));
    expect((await fixture.postResponse(first)).status).to.equal(303);
    await expectRefused(() => fixture.postResponse(second), 'SAML_IN_RESPONSE_TO_UNKNOWN');
  });

  it('refuses a response whose status is not success (the person cancelled)', async () => {
    const response = await answer((options) => ({ ...options, status: 'urn:oasis:names:tc:SAML:2.0:status:Responder' }));
    await expectRefused(() => fixture.postResponse(response), 'SAML_AUTHN_FAILED');
  });

  it('refuses what is not a SAML response, and any document type declaration', async () => {
    await expectRefused(() => fixture.postResponse('not base64 at all!'), 'SAML_RESPONSE_MALFORMED');
    await expectRefused(() => fixture.postResponse(Buffer.from('<Response><oops').toString('base64')), 'SAML_RESPONSE_MALFORMED');
    const received = fixture.idp.receiveAuthnRequest(await fixture.startSignIn());
    const { xml } = responseXml(fixture.idp.responseOptions('parent', received));
    const bomb = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>${xml.replace('<saml:Issuer>', '<saml:Issuer>&b;')}`;
    await expectRefused(() => fixture.postResponse(encodeResponse(bomb)), 'SAML_RESPONSE_MALFORMED');
  });

  it('refuses an assertion without the attributes that identify the person, and keeps the request unused', async () => {
    const received = fixture.idp.receiveAuthnRequest(await fixture.startSignIn());
    const options = fixture.idp.responseOptions('parent', received);
    const response = fixture.idp.issueResponse({ ...options, attributes: options.attributes.filter((attribute) => !attribute.name.endsWith('.57')) });
    await expectRefused(() => fixture.postResponse(response), 'AUTH_IDENTITY_INCOMPLETE');
    expect(await testDataSource().getRepository(IdentityPendingRequest).countBy({ id: received.id })).to.equal(1);
  });

  it('refuses an assertion whose AudienceRestrictions do not all name e-carnet (they are AND-ed)', async () => {
    const ours = fixture.idp.responseOptions('parent').audience;
    const both = await answer((options) => ({ ...options, audienceRestrictions: [['https://other-sp.test/metadata'], [ours]] }));
    await expectRefused(() => fixture.postResponse(both), 'SAML_AUDIENCE_MISMATCH');
    const either = await answer((options) => ({ ...options, audienceRestrictions: [['https://other-sp.test/metadata', ours]] }));
    expect((await fixture.postResponse(either)).status).to.equal(303);
  });

  it('refuses a bearer confirmation without NotOnOrAfter', async () => {
    const response = await answer((options) => ({ ...options, omitConfirmationNotOnOrAfter: true }));
    await expectRefused(() => fixture.postResponse(response), 'SAML_RESPONSE_MALFORMED');
  });

  it('refuses an assertion without an AuthnStatement', async () => {
    const response = await answer((options) => ({ ...options, omitAuthnStatement: true }));
    await expectRefused(() => fixture.postResponse(response), 'SAML_RESPONSE_MALFORMED');
  });

  it('refuses a signed response that does not say its Destination', async () => {
    const response = await answer((options) => ({ ...options, destination: undefined }));
    await expectRefused(() => fixture.postResponse(response), 'SAML_DESTINATION_MISMATCH');
  });

  it('refuses an encrypted assertion whose inner assertion is not signed (in a signed response)', async () => {
    const response = await answer((options) => ({ ...options, signAssertionWith: null }));
    expect(Buffer.from(response, 'base64').toString('utf8')).to.include('EncryptedAssertion');
    await expectRefused(() => fixture.postResponse(response), 'SAML_SIGNATURE_INVALID');
  });

  it('refuses posting to a connector that does not exist', async () => {
    const response = await answer((options) => options);
    await expectRefused(
      () => request(fixture.testApp.app).post('/auth/saml/nope/acs').type('form').set('Accept', 'application/json').send({ SAMLResponse: response }),
      'NOT_FOUND',
    );
  });
});

describe('SAML: a connector set up without the key to decrypt', function () {
  this.timeout(30_000);
  let fixture: SamlFixture;
  before(async () => {
    fixture = await startSamlFixture({ encrypt: false });
    fixture.idp.accounts.set('parent', { nameId: 'transient-nokey', attributes: educonnectAttributes({ id: 'ect-nokey', affiliation: 'resp1d', givenName: 'Ana', familyName: 'SANS' }) });
  });
  after(() => fixture.stop());

  it('answers an encrypted assertion with a configuration error (SAML_DECRYPTION_KEY_MISSING), not the person’s fault, and changes nothing', async () => {
    const received = fixture.idp.receiveAuthnRequest(await fixture.startSignIn());
    const response = fixture.idp.issueResponse({ ...fixture.idp.responseOptions('parent', received), encryptFor: makeTestKeyPair('some other SP').certificate });
    const before = await identityRowsDigest();
    const posted = await fixture.postResponse(response);
    expect(posted.status).to.equal(500);
    expect(posted.body.error.code).to.equal('SAML_DECRYPTION_KEY_MISSING');
    expect(await identityRowsDigest()).to.deep.equal(before);
  });
});
