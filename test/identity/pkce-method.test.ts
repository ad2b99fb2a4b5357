import { expect } from 'chai';
import type { ServerMetadata } from 'openid-client';
import { pkceMethod } from '../../src/auth/oidc/oidc-configuration.js';
import type { OidcConnector } from '../../src/connectors/contract.js';
import type { LoadedConnector } from '../../src/connectors/registry.js';

/*
 * The `plain` fallback cannot be exercised against oidc-provider 9, which only offers S256; the
 * choice itself is checked here against the metadata a provider advertises.
 */
function connector(allowInsecurePkcePlain: boolean): LoadedConnector<OidcConnector> {
  return {
    id: 'ent',
    type: 'oidc',
    displayName: 'ENT',
    schools: [],
    manifest: { id: 'oidc', name: 'OIDC', protocol: 'oidc', options: {} },
    connector: {
      protocol: 'oidc',
      issuer: 'https://ent.test',
      clientId: 'c',
      scopes: ['openid'],
      allowInsecurePkcePlain,
      allowInsecureHttp: false,
      authoritative: false,
      toIdentity: () => ({ ok: false, missing: [] }),
    },
  };
}

const metadata = (methods?: string[]): ServerMetadata => ({ issuer: 'https://ent.test', ...(methods ? { code_challenge_methods_supported: methods } : {}) });

describe('PKCE method', () => {
  it('is S256 by default, even when the provider advertises only plain', () => {
    expect(pkceMethod(connector(false), metadata(['plain']))).to.equal('S256');
    expect(pkceMethod(connector(false), metadata())).to.equal('S256');
  });

  it('falls back to plain only when the connector allows it and the provider offers nothing better', () => {
    expect(pkceMethod(connector(true), metadata(['plain']))).to.equal('plain');
    expect(pkceMethod(connector(true), metadata(['S256', 'plain']))).to.equal('S256');
    expect(pkceMethod(connector(true), metadata())).to.equal('S256');
  });
});
