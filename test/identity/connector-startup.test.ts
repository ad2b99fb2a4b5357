import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createApp } from '../../src/app.js';
import type { Config } from '../../src/config/schema.js';
import { ConnectorConfigurationError, loadConnectorRegistry } from '../../src/connectors/registry.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { startServer, StartupError } from '../../src/server.js';
import { testConfig } from '../support/config.js';
import { testDataSource } from '../support/database.js';
import { makeTestKeyPair } from '../support/test-certificate.js';

const BROKEN = [
  { id: 'ent', type: 'edifice', enabled: true, schools: [], options: { issuer: 'http://ent.example.fr', clientSecretEnv: 'ECARNET_ENT_SECRET', colour: 'blue' } },
  { id: 'idp', type: 'educonnect', enabled: true, schools: [], options: { idpEntityId: 'https://idp' } },
  { id: 'old', type: 'shibboleth', enabled: true, schools: [], options: {} },
  { id: 'off', type: 'shibboleth', enabled: false, schools: [], options: {} },
];

const EXPECTED = [
  'connector "ent" (edifice): unknown option "colour" (known: issuer, clientId, clientSecretEnv, scopes, userinfoVersion, directoryUrl, directoryScopes, staffTypes, allowInsecurePkcePlain, allowInsecureHttp)',
  'connector "ent" (edifice): option "issuer" must be an https URL',
  'connector "ent" (edifice): option "clientId" is required',
  'connector "ent" (edifice): option "clientSecretEnv": the variable ECARNET_ENT_SECRET is not set',
  'connector "idp" (educonnect): option "idpCertificates" is required',
  'connector "idp" (educonnect): option "spSigningKeyEnv" is required',
  'connector "idp" (educonnect): option "spSigningCertificate" is required',
  'connector "idp" (educonnect): option "idpSsoUrl" is required',
  'connector "old": unknown type "shibboleth" (available: cas, edifice, educonnect, oidc, roster-csv, saml)',
];

describe('connectors are loaded and checked at start', function () {
  this.timeout(60_000);

  it('lists every problem of every enabled connector at once (a disabled one is not loaded)', () => {
    const config: Config = { ...testConfig(), connectors: BROKEN };
    const result = loadConnectorRegistry(config);
    expect(result.ok ? [] : result.problems).to.deep.equal(EXPECTED);
  });

  it('in production, refuses a connector whose word applies at once without the schools it serves; ÉduConnect may serve all', () => {
    const production = testConfig({ ECARNET_MODE: 'production', ECARNET_SECRET_KEY: 'x'.repeat(48), ECARNET_BASE_URL: 'https://carnet.example.fr' });
    const keys = makeTestKeyPair('sp');
    const saml = { idpEntityId: 'https://idp', idpSsoUrl: 'https://idp/sso', idpCertificates: [keys.certificate], spSigningKeyEnv: 'ECARNET_SP_KEY', spSigningCertificate: keys.certificate };
    const config: Config = {
      ...production,
      connectors: [
        { id: 'ent', type: 'edifice', enabled: true, schools: [], options: { issuer: 'https://ent.example.fr', clientId: 'c', clientSecretEnv: 'ECARNET_ENT_SECRET' } },
        { id: 'ent-cas', type: 'cas', enabled: true, schools: [], options: { serverUrl: 'https://ent.example.fr/cas' } },
        { id: 'idp-roles', type: 'saml', enabled: true, schools: [], options: { ...saml, attributes: { role: 'profile' }, roleValues: { teacher: ['ENS'] } } },
        { id: 'idp-plain', type: 'saml', enabled: true, schools: [], options: saml },
        { id: 'educonnect', type: 'educonnect', enabled: true, schools: [], options: saml },
        { id: 'ent-scoped', type: 'edifice', enabled: true, schools: ['0759999L'], options: { issuer: 'https://ent.example.fr', clientId: 'c', clientSecretEnv: 'ECARNET_ENT_SECRET' } },
      ],
      secrets: { ECARNET_ENT_SECRET: 's', ECARNET_SP_KEY: keys.privateKey },
    };
    const result = loadConnectorRegistry(config);
    const reason = '"schools" must list the UAIs it serves (its roles, classes and parent links apply without the school\'s confirmation)';
    expect(result.ok ? [] : result.problems).to.deep.equal([
      `connector "ent" (edifice): ${reason}`,
      `connector "ent-cas" (cas): ${reason}`,
      `connector "idp-roles" (saml): ${reason}`,
    ]);
    const demo = loadConnectorRegistry({ ...config, mode: 'demo' });
    expect(demo.ok).to.equal(true);
  });

  it('stops the start before opening anything, and refuses to build the app', async () => {
    const config: Config = { ...testConfig(), connectors: BROKEN };
    let error: unknown;
    try {
      await startServer(config, pino({ level: 'silent' }));
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(StartupError);
    expect((error as Error).message).to.include('9 connector problem(s)').and.to.include(EXPECTED[8]!);
    expect(() => createApp(config, { dataSource: testDataSource(), logger: pino({ level: 'silent' }) })).to.throw(ConnectorConfigurationError);
  });

  it('exits with code 78 and the list from the command line', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e-carnet-connectors-'));
    const file = path.join(dataDir, 'connectors.json');
    fs.writeFileSync(file, JSON.stringify({ connectors: [{ id: 'idp', type: 'educonnect', options: { idpEntityId: 'https://idp' } }] }));
    try {
      const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'main.ts'), 'start'], {
        cwd: PROJECT_ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ECARNET_DATA_DIR: dataDir, ECARNET_CONFIG: file, ECARNET_LOG_LEVEL: 'warn', PORT: '0' },
        encoding: 'utf8',
      });
      expect(result.status).to.equal(78);
      expect(result.stderr).to.include('e-carnet cannot start: 4 connector problem(s)').and.to.include('connector "idp" (educonnect): option "idpSsoUrl" is required');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
