import { expect } from 'chai';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { OIDC_LIBRARY_VERSIONS_MAPPED } from '../../src/auth/oidc/oidc-errors.js';
import { NODE_SAML_VERSION_MAPPED } from '../../src/auth/saml/saml-errors.js';
import { PROJECT_ROOT } from '../../src/paths.js';

/** The installed version of a package, from its own package.json. */
function installed(name: string): string {
  const require = createRequire(path.join(PROJECT_ROOT, 'package.json'));
  const manifest = path.join(path.dirname(require.resolve(`${name}/package.json`)), 'package.json');
  return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/*
 * node-saml and openid-client report failures by message and code; e-carnet reads them in one
 * place each (saml-errors.ts, oidc-errors.ts). An upgrade must come with a new look at those
 * mappings: this test fails until the mapped versions are updated with them.
 */
describe('identity libraries whose error messages e-carnet reads', () => {
  it('are the versions the error mappings were written for', () => {
    expect(installed('@node-saml/node-saml')).to.equal(NODE_SAML_VERSION_MAPPED);
    expect(installed('openid-client')).to.equal(OIDC_LIBRARY_VERSIONS_MAPPED['openid-client']);
    expect(installed('oauth4webapi')).to.equal(OIDC_LIBRARY_VERSIONS_MAPPED.oauth4webapi);
  });
});
