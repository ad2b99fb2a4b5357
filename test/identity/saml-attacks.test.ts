import { expect } from 'chai';
import { testDataSource } from '../support/database.js';
import { encodeResponse, responseXml } from '../support/saml-response-builder.js';
import { makeTestKeyPair } from '../support/test-certificate.js';
import { educonnectAttributes } from './educonnect-accounts.js';
import { expectRefused } from './rejection.js';
import { injectCommentIntoValue, rootResignedByAttackerAssertionUnsigned, wrapSignedResponseInEvilResponse, XSW_ATTACKS } from './saml-attacks.js';
import { startSamlFixture, type SamlFixture } from './saml-setup.js';

const VICTIM = 'ect-victim';

async function signedResponseFor(fixture: SamlFixture, login: string, signResponse: boolean): Promise<string> {
  const request = fixture.idp.receiveAuthnRequest(await fixture.startSignIn());
  const options = fixture.idp.responseOptions(login, request);
  return responseXml({ ...options, ...(signResponse ? {} : { signResponseWith: null }) }).xml;
}

/*
 * Where XSW matters most: an IdP that signs assertions only (the connector accepts an unsigned
 * envelope). Every wrapping must still be refused, and the genuine response still accepted.
 */
describe('SAML: signature wrapping attacks on assertion-signed responses', function () {
  this.timeout(30_000);
  let fixture: SamlFixture;
  before(async () => {
    fixture = await startSamlFixture({ encrypt: false, acceptUnsignedResponseEnvelope: true });
    fixture.idp.accounts.set('attacker', {
      nameId: 'transient-attacker',
      attributes: educonnectAttributes({ id: 'ect-attacker', affiliation: 'resp1d', givenName: 'Eve', familyName: 'ATTACK' }),
    });
  });
  after(() => fixture.stop());

  it('accepts the genuine assertion-signed response (control)', async () => {
    const xml = await signedResponseFor(fixture, 'attacker', false);
    expect((await fixture.postResponse(encodeResponse(xml))).status).to.equal(303);
  });

  for (const [name, attack] of Object.entries(XSW_ATTACKS)) {
    it(`refuses ${name}`, async () => {
      const xml = attack(await signedResponseFor(fixture, 'attacker', false), VICTIM);
      await expectRefused(() => fixture.postResponse(encodeResponse(xml)), 'SAML_SIGNATURE_INVALID');
      const victims = await testDataSource().query('SELECT id FROM external_identity WHERE subject = ?', [VICTIM]);
      expect(victims).to.deep.equal([]);
    });
  }
});

describe('SAML: attacks on signed responses', function () {
  this.timeout(30_000);
  let fixture: SamlFixture;
  before(async () => {
    fixture = await startSamlFixture({ encrypt: false });
    fixture.idp.accounts.set('attacker', {
      nameId: 'transient-attacker',
      attributes: educonnectAttributes({ id: 'ect-splitting.evil', affiliation: 'resp1d', givenName: 'Eve', familyName: 'ATTACK' }),
    });
  });
  after(() => fixture.stop());

  for (const [name, attack] of Object.entries(XSW_ATTACKS)) {
    it(`refuses ${name} inside a signed response`, async () => {
      const xml = attack(await signedResponseFor(fixture, 'attacker', true), VICTIM);
      await expectRefused(() => fixture.postResponse(encodeResponse(xml)), 'SAML_SIGNATURE_INVALID');
    });
  }

  it('refuses response.signed-response-wrapped-in-evil-response (XSW1)', async () => {
    const xml = wrapSignedResponseInEvilResponse(await signedResponseFor(fixture, 'attacker', true), VICTIM);
    await expectRefused(() => fixture.postResponse(encodeResponse(xml)), 'SAML_SIGNATURE_INVALID');
  });

  it('refuses response.root-resigned-by-attacker-assertion-unsigned', async () => {
    const xml = rootResignedByAttackerAssertionUnsigned(await signedResponseFor(fixture, 'attacker', true), VICTIM, makeTestKeyPair('attacker'));
    await expectRefused(() => fixture.postResponse(encodeResponse(xml)), 'SAML_SIGNATURE_INVALID');
  });

  it('reads a value split by an injected comment whole (response.comment-injected-in-signed-value)', async () => {
    const xml = injectCommentIntoValue(await signedResponseFor(fixture, 'attacker', true), 'ect-splitting.evil', 'ect-splitting'.length);
    expect(xml).to.include('ect-splitting<!---->.evil');
    const posted = await fixture.postResponse(encodeResponse(xml));
    expect(posted.status, posted.text).to.equal(303);
    const subjects = (await testDataSource().query("SELECT subject FROM external_identity WHERE subject LIKE 'ect-splitting%'")) as { subject: string }[];
    expect(subjects.map((row) => row.subject)).to.deep.equal(['ect-splitting.evil']);
  });
});
