import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CasConnector, CasValidationFacts } from '../../src/connectors/contract.js';
import cas from './index.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

function load(options: Record<string, unknown>): CasConnector {
  const loaded = cas.load({ id: 'ent-cas', displayName: 'ENT', baseUrl: 'https://e.fr', mode: 'production', schools: [], options, secrets: {} });
  if (!loaded.ok || loaded.connector.protocol !== 'cas') throw new Error(loaded.ok ? 'not CAS' : loaded.problems.join('; '));
  return loaded.connector;
}

describe('connector cas: CAS 3.0 attributes → person', () => {
  it('maps a teacher with the national ENT schema as the golden file says', () => {
    const raw = JSON.parse(fs.readFileSync(path.join(fixtures, 'teacher.attributes.json'), 'utf8'));
    const facts: CasValidationFacts = { serverUrl: raw.serverUrl, user: raw.user, attributes: new Map(Object.entries(raw.attributes)) };
    const expected = JSON.parse(fs.readFileSync(path.join(fixtures, 'teacher.expected.json'), 'utf8'));
    expect(load({ serverUrl: 'https://ent.example.fr/cas' }).toIdentity(facts, 'ent-cas')).to.deep.equal(expected);
  });

  it('takes attribute names and profile values from its options, and never names a director', () => {
    const connector = load({ serverUrl: 'https://ent.example.fr/cas', attributes: { profile: 'profil', uai: 'rne' }, roleValues: { pupil: ['ELEVE'] } });
    const mapped = connector.toIdentity({ serverUrl: 's', user: 'u', attributes: new Map([['profil', ['ELEVE', 'DIRECTEUR']], ['rne', ['0759999L']]]) }, 'c');
    expect(mapped.ok && mapped.identity.schools).to.deep.equal([{ school: { uai: '0759999L' }, roles: ['pupil'] }]);
    const refused = cas.load({ id: 'c', displayName: 'c', baseUrl: '', mode: 'production', schools: [], options: { serverUrl: 'https://x', roleValues: { director: ['DIR'] }, attributes: { colour: 'x' } }, secrets: {} });
    expect(refused.ok ? [] : refused.problems).to.deep.equal([
      'option "attributes": unknown entry "colour"',
      'option "roleValues": "director" is not a role a connector may grant (teacher, staff, pupil, parent)',
    ]);
  });

  it('grants staff to no national profile by default; only an explicit table does', () => {
    const facts: CasValidationFacts = { serverUrl: 's', user: 'u', attributes: new Map([['ENTPersonProfils', ['National_ETA']], ['ENTPersonStructRattachRNE', ['0759999L']]]) };
    const byDefault = load({ serverUrl: 'https://ent.example.fr/cas' }).toIdentity(facts, 'c');
    expect(byDefault.ok && byDefault.identity.schools).to.deep.equal([]);
    const explicit = load({ serverUrl: 'https://ent.example.fr/cas', roleValues: { staff: ['National_ETA'] } }).toIdentity(facts, 'c');
    expect(explicit.ok && explicit.identity.schools).to.deep.equal([{ school: { uai: '0759999L' }, roles: ['staff'] }]);
  });

  it('reads the back-channel logout addresses, and refuses what is not an address or subnet', () => {
    expect(load({ serverUrl: 'https://ent.example.fr/cas' }).backChannelLogoutFrom).to.deep.equal([]);
    expect(load({ serverUrl: 'https://ent.example.fr/cas', backChannelLogoutFrom: ['192.0.2.10', '10.1.0.0/16', '2001:db8::/32'] }).backChannelLogoutFrom).to.have.length(3);
    const refused = cas.load({ id: 'c', displayName: 'c', baseUrl: '', mode: 'production', schools: [], options: { serverUrl: 'https://x', backChannelLogoutFrom: ['cas.example.fr', '10.0.0.0/33'] }, secrets: {} });
    expect(refused.ok ? [] : refused.problems).to.deep.equal([
      'option "backChannelLogoutFrom": "cas.example.fr" is not an IP address or subnet (CIDR)',
      'option "backChannelLogoutFrom": "10.0.0.0/33" is not an IP address or subnet (CIDR)',
    ]);
  });
});
