import { expect } from 'chai';
import oidc, { mapOidcClaims } from './index.js';

describe('connector oidc: a generic provider through its claim table', () => {
  it('maps standard claims by default and roles from a table', () => {
    const claims = { sub: 'abc', given_name: 'Inès', family_name: 'ROY', email: 'ines@example.org', groups: ['parents', 'x'], rne: '0750001A' };
    expect(mapOidcClaims(claims, 'https://op.test', 'op', { role: 'groups', uai: 'rne' }, { parent: ['parents'] })).to.deep.equal({
      ok: true,
      identity: {
        issuer: 'https://op.test',
        subject: 'abc',
        connectorId: 'op',
        givenName: 'Inès',
        familyName: 'ROY',
        email: 'ines@example.org',
        schools: [{ school: { uai: '0750001A' }, roles: ['parent'] }],
        classes: [],
        children: [],
      },
    });
    expect(mapOidcClaims({}, 'https://op.test', 'op', {}, {})).to.deep.equal({ ok: false, missing: ['sub'] });
  });

  it('needs openid among its scopes and names its weakening options loudly', () => {
    const loaded = oidc.load({ id: 'op', displayName: 'OP', baseUrl: 'https://e.fr', mode: 'production', schools: [], options: { issuer: 'https://op.test', clientId: 'c', scopes: ['profile'] }, secrets: {} });
    expect(loaded.ok ? [] : loaded.problems).to.deep.equal(['option "scopes" must include openid']);
    const plain = oidc.load({ id: 'op', displayName: 'OP', baseUrl: 'https://e.fr', mode: 'production', schools: [], options: { issuer: 'https://op.test', clientId: 'c', allowInsecurePkcePlain: true }, secrets: {} });
    expect(plain.ok && plain.connector.protocol === 'oidc' && plain.connector.allowInsecurePkcePlain).to.equal(true);
  });

  it('refuses an unknown entry of the claim table (a typo would silently map nothing)', () => {
    const loaded = oidc.load({ id: 'op', displayName: 'OP', baseUrl: 'https://e.fr', mode: 'production', schools: [], options: { issuer: 'https://op.test', clientId: 'c', claims: { familyname: 'sn' } }, secrets: {} });
    expect(loaded.ok ? [] : loaded.problems).to.deep.equal(['option "claims": unknown entry "familyname" (known: subject, givenName, familyName, email, role, uai)']);
  });
});
