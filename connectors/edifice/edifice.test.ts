import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import edifice from './index.js';
import { edificeDirectory } from './directory.js';
import { edificeIdentity } from './userinfo.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const json = (name: string) => JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8')) as Record<string, unknown>;
const setup = (options: Record<string, unknown>) => ({ id: 'ent', displayName: 'ENT', baseUrl: 'https://e.fr', mode: 'production' as const, schools: [], options, secrets: { ECARNET_ENT_SECRET: 's' } });

describe('connector edifice: Open ENT NG userinfo 2.1 → person', () => {
  for (const name of ['relative-userinfo-2.1', 'teacher-userinfo-2.1']) {
    it(`maps ${name} as the golden file says`, () => {
      expect(edificeIdentity(json(`${name}.json`), 'https://ent.example.fr', 'edifice')).to.deep.equal(json(`${name}.expected.json`));
    });
  }

  it('reads the 1.0 type names too, and refuses a userinfo without subject or type', () => {
    const mapped = edificeIdentity({ sub: 'u1', type: 'ELEVE', uai: ['0759999L'] }, 'https://ent', 'edifice');
    expect(mapped.ok && mapped.identity.schools).to.deep.equal([{ school: { uai: '0759999L' }, roles: ['pupil'] }]);
    expect(edificeIdentity({}, 'https://ent', 'edifice')).to.deep.equal({ ok: false, missing: ['sub', 'type'] });
    expect(edificeIdentity({ type: 'SuperAdmin' }, 'https://ent', 'edifice')).to.deep.equal({ ok: false, missing: ['sub'] });
  });

  it('grants the staff role to no profile unless configured: Personnel signs in with no rights by default', () => {
    const personnel = { sub: 'u9', type: 'Personnel', uai: ['0759999L'] };
    const byDefault = edificeIdentity(personnel, 'https://ent', 'edifice');
    expect(byDefault.ok && byDefault.identity.schools).to.deep.equal([]);
    const loaded = edifice.load(setup({ issuer: 'https://ent.example.fr', clientId: 'c', clientSecretEnv: 'ECARNET_ENT_SECRET', staffTypes: ['Personnel'] }));
    const configured = loaded.ok && loaded.connector.protocol === 'oidc' ? loaded.connector.toIdentity(personnel, 'https://ent', 'edifice') : undefined;
    expect(configured?.ok && configured.identity.schools).to.deep.equal([{ school: { uai: '0759999L' }, roles: ['staff'] }]);
  });

  it('claims the children of a parent of several schools by account or key only, never by names', () => {
    const mapped = edificeIdentity(
      { sub: 'p1', type: 'Relative', uai: ['0759999L', '0750001A'], children: { c1: { firstName: 'Lucas', lastName: 'MARTIN' } } },
      'https://ent',
      'edifice',
    );
    expect(mapped.ok && mapped.identity.children).to.deep.equal([
      { school: { uai: '0759999L' }, subject: 'c1', trust: 'authoritative' },
      { school: { uai: '0750001A' }, subject: 'c1', trust: 'authoritative' },
    ]);
  });

  it('asks userinfo 2.1 by default and refuses version 1.0, which drops classes and children', () => {
    const loaded = edifice.load(setup({ issuer: 'https://ent.example.fr', clientId: 'c', clientSecretEnv: 'ECARNET_ENT_SECRET' }));
    expect(loaded.ok && loaded.connector.protocol === 'oidc' && loaded.connector.userinfoAccept).to.equal('application/json; version=2.1');
    const old = edifice.load(setup({ issuer: 'https://ent.example.fr', clientId: 'c', clientSecretEnv: 'ECARNET_ENT_SECRET', userinfoVersion: '1.0' }));
    expect(old.ok ? [] : old.problems).to.deep.equal(['option "userinfoVersion" must be 2.x (1.0 drops classes and children)']);
  });

  it('pages the directory for a class roster until an empty page', async () => {
    const pages = [[{ id: 'u1', firstName: 'Léo', lastName: 'PETIT', externalId: 'ELV-1', birthDate: '2021-04-13' }, { id: 'u2', firstName: 'Lina', lastName: 'HADDAD' }], [{ id: 'u3' }], []];
    const asked: string[] = [];
    const pupils = await edificeDirectory('https://ent.example.fr/directory', ['directory']).classRoster(async (url) => {
      asked.push(url.pathname + url.search);
      return pages[Number(url.searchParams.get('page'))] ?? [];
    }, 'class gs');
    expect(asked).to.deep.equal([
      '/directory/class/class%20gs/users?type=Student&page=0',
      '/directory/class/class%20gs/users?type=Student&page=1',
      '/directory/class/class%20gs/users?type=Student&page=2',
    ]);
    expect(pupils).to.deep.equal([
      { subject: 'u1', givenName: 'Léo', familyName: 'PETIT', externalRef: 'ELV-1', birthDate: '2021-04-13' },
      { subject: 'u2', givenName: 'Lina', familyName: 'HADDAD' },
    ]);
  });
});
