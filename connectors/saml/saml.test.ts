import { expect } from 'chai';
import { makeTestKeyPair } from '../../test/support/test-certificate.js';
import saml, { mapSamlAssertion } from './index.js';

describe('connector saml: a generic IdP through its attribute table', () => {
  const facts = {
    issuer: 'https://idp.academie.test',
    nameId: 'persistent-42',
    nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
    attributes: new Map<string, readonly string[]>([
      ['uid', ['jdupont']],
      ['givenName', ['Jean']],
      ['sn', ['DUPONT']],
      ['profile', ['enseignant', 'directeur']],
      ['rne', ['0350001a', 'garbage']],
    ]),
  };

  it('takes the subject from the NameID by default, roles and schools from the tables, and never a director', () => {
    expect(mapSamlAssertion(facts, 'idp', { givenName: 'givenName', familyName: 'sn', role: 'profile', uai: 'rne' }, { teacher: ['ENSEIGNANT'] })).to.deep.equal({
      ok: true,
      identity: {
        issuer: 'https://idp.academie.test',
        subject: 'persistent-42',
        connectorId: 'idp',
        givenName: 'Jean',
        familyName: 'DUPONT',
        schools: [{ school: { uai: '0350001A' }, roles: ['teacher'] }],
        classes: [],
        children: [],
      },
    });
  });

  it('reads the subject from an attribute when told, and refuses an assertion without it', () => {
    const mapped = mapSamlAssertion(facts, 'idp', { subject: 'uid' }, {});
    expect(mapped.ok && mapped.identity.subject).to.equal('jdupont');
    expect(mapSamlAssertion(facts, 'idp', { subject: 'eduPersonPrincipalName' }, {})).to.deep.equal({ ok: false, missing: ['eduPersonPrincipalName'] });
  });

  it('refuses an unknown entry of the attribute table (a typo would silently map nothing)', () => {
    const keys = makeTestKeyPair('sp');
    const loaded = saml.load({
      id: 'idp',
      displayName: 'IdP',
      baseUrl: 'https://e.fr',
      mode: 'production',
      schools: [],
      options: { idpEntityId: 'https://idp', idpSsoUrl: 'https://idp/sso', idpCertificates: [keys.certificate], spSigningKeyEnv: 'K', spSigningCertificate: keys.certificate, attributes: { familyname: 'sn' } },
      secrets: { K: keys.privateKey },
    });
    expect(loaded.ok ? [] : loaded.problems).to.deep.equal(['option "attributes": unknown entry "familyname" (known: subject, givenName, familyName, email, role, uai)']);
  });
});
