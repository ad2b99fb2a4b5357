import { expect } from 'chai';
import path from 'node:path';
import { loadConfig, type ConfigResult } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';

const SECRET = 'x'.repeat(48);
const noFile = () => {
  throw Object.assign(new Error('no file'), { code: 'ENOENT' });
};

function ok(result: ConfigResult): Config {
  if (!result.ok) throw new Error(`expected a configuration, got: ${result.errors.join('; ')}`);
  return result.config;
}

function errors(result: ConfigResult): string[] {
  if (result.ok) throw new Error('expected configuration errors');
  return result.errors;
}

describe('configuration', () => {
  it('runs as a demo on the embedded database with no variable at all', () => {
    const config = ok(loadConfig({}, noFile));
    expect(config.mode).to.equal('demo');
    expect(config.port).to.equal(3000);
    expect(config.baseUrl).to.equal('http://localhost:3000');
    expect(config.database).to.deep.equal({ kind: 'sqlite', file: path.resolve('data', 'e-carnet.sqlite') });
    expect(config.autoMigrate).to.equal(true);
    expect(config.seedDemo).to.equal(true);
    expect(config.secretKeyIsEphemeral).to.equal(true);
    expect(config.session.crossSiteCookies).to.equal(false);
  });

  it('reads PORT, ECARNET_DATA_DIR and DATABASE_URL as the contracts say', () => {
    const config = ok(
      loadConfig({ PORT: '8080', ECARNET_DATA_DIR: '/srv/e-carnet', DATABASE_URL: 'mysql://app:pw@db.internal:3307/ecarnet' }, noFile),
    );
    expect(config.port).to.equal(8080);
    expect(config.baseUrl).to.equal('http://localhost:8080');
    expect(config.dataDir).to.equal('/srv/e-carnet');
    expect(config.database).to.deep.equal({ kind: 'mysql', url: 'mysql://app:pw@db.internal:3307/ecarnet', database: 'ecarnet' });
    expect(config.autoMigrate).to.equal(false);
  });

  it('accepts mariadb:// and sqlite: URLs', () => {
    expect(ok(loadConfig({ DATABASE_URL: 'mariadb://root@127.0.0.1/test' }, noFile)).database).to.include({ kind: 'mysql', database: 'test' });
    expect(ok(loadConfig({ DATABASE_URL: 'sqlite:///var/lib/e.sqlite' }, noFile)).database).to.deep.equal({
      kind: 'sqlite',
      file: '/var/lib/e.sqlite',
    });
  });

  it('lists every problem at once: unknown keys (with a suggestion), bad values, wrong database URL', () => {
    const problems = errors(
      loadConfig(
        {
          ECARNET_BASE_ULR: 'https://x.fr',
          ECARNET_FOO: '1',
          PORT: 'eighty',
          ECARNET_LOG_LEVEL: 'loud',
          ECARNET_FRAME_ANCESTORS: 'https://ent.example.fr javascript:alert(1)',
          DATABASE_URL: 'postgres://localhost/db',
        },
        noFile,
      ),
    );
    expect(problems).to.have.length(6);
    expect(problems.join('\n'))
      .to.include('ECARNET_BASE_ULR: unknown setting (did you mean ECARNET_BASE_URL?)')
      .and.to.include('ECARNET_FOO: unknown setting')
      .and.to.include('PORT: must be a whole number')
      .and.to.include('ECARNET_LOG_LEVEL')
      .and.to.include('"javascript:alert(1)" is not an origin')
      .and.to.include('DATABASE_URL: unsupported scheme "postgres:"');
  });

  it('checks proxy trust, frame ancestors and the base URL with the other settings', () => {
    const problems = errors(
      loadConfig(
        { ECARNET_TRUST_PROXY: 'garbage', ECARNET_FRAME_ANCESTORS: " , ", ECARNET_BASE_URL: 'https://e.example.fr/?x=1' },
        noFile,
      ),
    );
    expect(problems.join('\n'))
      .to.include('ECARNET_TRUST_PROXY: must be true, false, a number of hops')
      .and.to.include('ECARNET_FRAME_ANCESTORS: lists no origin')
      .and.to.include('ECARNET_BASE_URL: must not carry a query or a fragment');
    expect(errors(loadConfig({ ECARNET_FRAME_ANCESTORS: "'none' https://ent.fr" }, noFile))[0]).to.include("'none' cannot be combined");
    expect(ok(loadConfig({ ECARNET_TRUST_PROXY: '10.0.0.0/8, loopback' }, noFile)).trustProxy).to.equal('10.0.0.0/8, loopback');
    expect(ok(loadConfig({ ECARNET_TRUST_PROXY: '2' }, noFile)).trustProxy).to.equal(2);
    const production = { ECARNET_MODE: 'production', ECARNET_SECRET_KEY: SECRET, ECARNET_BASE_URL: 'https://e.fr' };
    expect(errors(loadConfig({ ...production, ECARNET_FRAME_ANCESTORS: 'http://ent.fr' }, noFile))).to.deep.equal([
      'ECARNET_FRAME_ANCESTORS: "http://ent.fr" must be https in production',
    ]);
  });

  it('refuses a database URL without a database name, and one that is not a URL', () => {
    expect(errors(loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306' }, noFile))[0]).to.include('names no database');
    expect(errors(loadConfig({ DATABASE_URL: 'not a url' }, noFile))[0]).to.include('not a valid URL');
  });

  it('warns when a deployment that looks real runs as a demo because no mode was chosen', () => {
    expect(ok(loadConfig({ DATABASE_URL: 'mysql://root@db/ecarnet' }, noFile)).warnings[0]).to.include('running in demo mode');
    expect(ok(loadConfig({ ECARNET_BASE_URL: 'https://e.example.fr' }, noFile)).warnings).to.have.length(1);
    expect(ok(loadConfig({}, noFile)).warnings).to.deep.equal([]);
    expect(ok(loadConfig({ ECARNET_MODE: 'demo', DATABASE_URL: 'mysql://root@db/ecarnet' }, noFile)).warnings).to.deep.equal([]);
  });

  it('gives no secret a default in production', () => {
    const problems = errors(loadConfig({ ECARNET_MODE: 'production' }, noFile));
    expect(problems).to.include('ECARNET_SECRET_KEY: required in production (no default is ever used)');
    expect(problems).to.include('ECARNET_BASE_URL: required in production (the public https URL)');
  });

  it('treats NODE_ENV=production as production, and wants https and a long secret there', () => {
    const problems = errors(loadConfig({ NODE_ENV: 'production', ECARNET_SECRET_KEY: 'short', ECARNET_BASE_URL: 'http://ent.fr' }, noFile));
    expect(problems.join('\n')).to.include('ECARNET_SECRET_KEY: must be at least 32 characters').and.to.include('must be https in production');
  });

  it('runs in production with its secret, an https URL, cross-site cookies and no demo', () => {
    const config = ok(
      loadConfig(
        {
          ECARNET_MODE: 'production',
          ECARNET_SECRET_KEY: SECRET,
          ECARNET_BASE_URL: 'https://e-carnet.ac-example.fr/',
          ECARNET_FRAME_ANCESTORS: 'https://ent.ac-example.fr, https://*.monlycee.net',
        },
        noFile,
      ),
    );
    expect(config.baseUrl).to.equal('https://e-carnet.ac-example.fr');
    expect(config.secretKey).to.equal(SECRET);
    expect(config.seedDemo).to.equal(false);
    expect(config.session.crossSiteCookies).to.equal(true);
    expect(config.frameAncestors).to.deep.equal(['https://ent.ac-example.fr', 'https://*.monlycee.net']);
  });

  it('refuses to create the demo school in production', () => {
    const problems = errors(
      loadConfig({ ECARNET_MODE: 'production', ECARNET_SECRET_KEY: SECRET, ECARNET_BASE_URL: 'https://e.fr', ECARNET_DEMO_SEED: 'true' }, noFile),
    );
    expect(problems).to.deep.equal(['ECARNET_DEMO_SEED: the demo school cannot be created in production']);
  });

  describe('the ECARNET_CONFIG file', () => {
    const withFile = (text: string) => loadConfig({ ECARNET_CONFIG: '/etc/e-carnet.json' }, () => text);

    it('reads connectors and platforms', () => {
      const config = ok(
        withFile(
          JSON.stringify({
            connectors: [{ id: 'ent-idf', type: 'edifice', schools: ['0750654D'], options: { issuer: 'https://ent.example.fr' } }],
            platforms: [
              {
                issuer: 'https://ent.example.fr',
                clientId: 'abc',
                deploymentIds: ['1'],
                authLoginUrl: 'https://ent.example.fr/auth',
                authTokenUrl: 'https://ent.example.fr/token',
                keysetUrl: 'https://ent.example.fr/jwks',
              },
            ],
          }),
        ),
      );
      expect(config.connectors[0]).to.deep.include({ id: 'ent-idf', type: 'edifice', enabled: true, schools: ['0750654D'] });
      expect(config.platforms[0]!.clientId).to.equal('abc');
    });

    it('reports a missing file, invalid JSON, unknown keys and duplicate ids', () => {
      expect(errors(loadConfig({ ECARNET_CONFIG: '/nope.json' }, noFile))[0]).to.equal('ECARNET_CONFIG: cannot read /nope.json (ENOENT)');
      expect(errors(withFile('{ "connectors": [ }'))[0]).to.match(/^ECARNET_CONFIG: \/etc\/e-carnet.json is not valid JSON/);
      expect(errors(withFile('{ "conectors": [] }'))[0]).to.include('Unrecognized key').and.to.include('conectors');
      const duplicate = { id: 'cas', type: 'cas' };
      expect(errors(withFile(JSON.stringify({ connectors: [duplicate, duplicate] })))).to.deep.equal([
        'ECARNET_CONFIG connectors: the id "cas" is used twice',
      ]);
    });

    it('takes connector secrets from the variables the file names, never from the file', () => {
      const file = JSON.stringify({
        connectors: [{ id: 'ent', type: 'oidc', options: { issuer: 'https://ent.example.fr', clientSecretEnv: 'ECARNET_OIDC_ENT_SECRET' } }],
      });
      const config = ok(loadConfig({ ECARNET_CONFIG: '/etc/e.json', ECARNET_OIDC_ENT_SECRET: 's3cret' }, () => file));
      expect(config.secrets).to.deep.equal({ ECARNET_OIDC_ENT_SECRET: 's3cret' });
      expect(errors(loadConfig({ ECARNET_CONFIG: '/etc/e.json' }, () => file))).to.deep.equal([
        'ECARNET_OIDC_ENT_SECRET: not set, but connector "ent" (clientSecretEnv) needs it',
      ]);
      const badName = JSON.stringify({ connectors: [{ id: 'ent', type: 'oidc', options: { clientSecretEnv: 'the secret itself' } }] });
      expect(errors(loadConfig({ ECARNET_CONFIG: '/etc/e.json' }, () => badName))[0]).to.include('must name an environment variable');
    });

    it('names the faulty entry and field', () => {
      const problems = errors(withFile(JSON.stringify({ connectors: [{ id: 'Bad Id', type: 'cas', schools: ['123'] }] })));
      expect(problems.join('\n')).to.include('ECARNET_CONFIG connectors.0.id').and.to.include('ECARNET_CONFIG connectors.0.schools.0');
    });
  });
});
