import { expect } from 'chai';
import { loadConfig } from '../../src/config/load.js';
import type { NormalizedIdentity } from '../../src/connectors/contract.js';
import { operatorKey, operatorLabel, operatorSigningIn } from '../../src/operator/operators.js';

/*
 * Operators in the ECARNET_CONFIG file: by issuer + subject, or by a connector and a directory
 * key; every problem listed at start. And which sign-ins they match.
 */
describe('operators in the configuration', () => {
  const withFile = (file: unknown) => loadConfig({ ECARNET_CONFIG: '/etc/e-carnet.json' }, () => JSON.stringify(file));
  const cas = { id: 'ent', type: 'cas', schools: ['0750654D'], options: { serverUrl: 'https://ent.example.fr/cas' } };

  it('reads operators known by their account or by a connector and a directory key', () => {
    const result = withFile({
      connectors: [cas],
      operators: [
        { name: 'Rectorat', issuer: 'https://idp.ac-paris.fr', subject: 'agent-42' },
        { connector: 'ent', directoryKey: 'AAF-9876' },
      ],
    });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.config.operators).to.have.length(2);
    expect(operatorLabel(result.config.operators[0]!)).to.equal('Rectorat');
    expect(operatorLabel(result.config.operators[1]!)).to.equal('ent#AAF-9876');
    expect(operatorKey(result.config.operators[0]!)).to.have.length(64);
  });

  it('lists every problem: unknown keys, half entries, a connector not enabled, spaces', () => {
    const result = withFile({
      connectors: [{ ...cas, enabled: false }],
      operators: [{ issuer: 'https://idp.ac-paris.fr' }, { connector: 'ent', directoryKey: 'AAF-1' }, { issuer: ' x', subject: 'y', role: 'admin' }],
    });
    expect(result.ok).to.equal(false);
    const problems = result.ok ? '' : result.errors.join('\n');
    expect(problems).to.include('ECARNET_CONFIG operators.0');
    expect(problems).to.include('ECARNET_CONFIG operators.2');
    expect(problems).to.include('ECARNET_CONFIG operators.1.connector: names no enabled connector ("ent")');
  });

  it('matches a sign-in by issuer and subject, or by connector and directory key, nothing else', () => {
    const entries = [
      { issuer: 'https://idp.ac-paris.fr', subject: 'agent-42' },
      { connector: 'ent', directoryKey: 'AAF-9876' },
    ];
    const identity = (values: Partial<NormalizedIdentity>): NormalizedIdentity => ({
      issuer: 'https://other.example',
      subject: 'someone',
      connectorId: 'other',
      schools: [],
      classes: [],
      children: [],
      ...values,
    });
    expect(operatorSigningIn(entries, identity({ issuer: 'https://idp.ac-paris.fr', subject: 'agent-42' }))).to.equal(entries[0]);
    expect(operatorSigningIn(entries, identity({ issuer: 'https://idp.ac-paris.fr', subject: 'agent-43' }))).to.equal(undefined);
    expect(operatorSigningIn(entries, identity({ connectorId: 'ent', directoryKeys: [{ kind: 'guardian', key: 'AAF-9876' }] }))).to.equal(entries[1]);
    expect(operatorSigningIn(entries, identity({ connectorId: 'other', directoryKeys: [{ kind: 'guardian', key: 'AAF-9876' }] }))).to.equal(undefined);
  });
});
