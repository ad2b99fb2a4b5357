import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { connectorProblems } from '../../src/connectors/registry.js';
import { PROJECT_ROOT } from '../../src/paths.js';

/*
 * In production, an operator fixes the configuration in one go: a problem of the environment (an
 * http base URL) does not hide the connectors' own problems until it is fixed.
 */

const CONNECTORS = {
  connectors: [
    // Its word applies at once: in production it must list its schools.
    { id: 'ent', type: 'edifice', options: { issuer: 'https://ent.example.fr', clientId: 'c', clientSecretEnv: 'ECARNET_ENT_SECRET' } },
    { id: 'idp', type: 'educonnect', options: { idpEntityId: 'https://idp.example.fr' } },
  ],
};

const PRODUCTION = {
  ECARNET_MODE: 'production',
  ECARNET_SECRET_KEY: 'x'.repeat(48),
  ECARNET_BASE_URL: 'http://carnet.example.fr',
};

describe('every configuration problem at once', function () {
  this.timeout(120_000);
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e-carnet-problems-'));
    file = path.join(dir, 'connectors.json');
    fs.writeFileSync(file, JSON.stringify(CONNECTORS));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("keeps, from a configuration that fails, what the connectors are checked with", () => {
    const result = loadConfig({ ...PRODUCTION, ECARNET_CONFIG: file });
    if (result.ok) throw new Error('expected problems');
    expect(result.errors).to.deep.equal(['ECARNET_ENT_SECRET: not set, but connector "ent" (clientSecretEnv) needs it', 'ECARNET_BASE_URL: must be https in production']);
    const problems = connectorProblems(result.connectorSettings);
    expect(problems).to.include('connector "idp" (educonnect): option "idpSsoUrl" is required');
  });

  it('`start` lists an http base URL, the missing secret and every connector problem together, each once (exit code 78)', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'main.ts'), 'start'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ECARNET_DATA_DIR: dir, ECARNET_CONFIG: file, ECARNET_LOG_LEVEL: 'warn', PORT: '0', ...PRODUCTION },
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(result.status, result.stderr).to.equal(78);
    const listed = result.stderr.split('\n').filter((line) => line.startsWith('  - '));
    expect(result.stderr).to.include(`e-carnet cannot start: ${listed.length} configuration problem(s)`);
    expect(listed).to.include.members([
      '  - ECARNET_BASE_URL: must be https in production',
      '  - ECARNET_ENT_SECRET: not set, but connector "ent" (clientSecretEnv) needs it',
      '  - connector "idp" (educonnect): option "idpSsoUrl" is required',
      '  - connector "idp" (educonnect): option "idpCertificates" is required',
    ]);
    expect(listed.filter((line) => line.includes('ECARNET_ENT_SECRET')), 'the unset secret is listed once').to.have.length(1);
  });

  it('`start` with a sound environment still names the connector problems alone', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'main.ts'), 'start'], {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ECARNET_DATA_DIR: dir,
        ECARNET_CONFIG: file,
        ECARNET_LOG_LEVEL: 'warn',
        PORT: '0',
        ...PRODUCTION,
        ECARNET_BASE_URL: 'https://carnet.example.fr',
        ECARNET_ENT_SECRET: 's',
      },
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(result.status, result.stderr).to.equal(78);
    expect(result.stderr).to.include('connector problem(s)').and.to.include('connector "ent" (edifice): "schools" must list the UAIs it serves');
  });
});
