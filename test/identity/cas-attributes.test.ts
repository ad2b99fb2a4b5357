import { expect } from 'chai';
import { DEFAULT_CAS_ATTRIBUTES, DEFAULT_CAS_ROLE_VALUES, mapCasAttributes } from '../../connectors/cas/index.js';
import type { CasValidationFacts, NormalizedIdentity } from '../../src/connectors/contract.js';

const SERVER = 'https://cas.ent.example';

/** Maps the attributes of one CAS answer with the default table, expecting a person. */
function mapped(user: string, attributes: Record<string, string[]>): NormalizedIdentity {
  const facts: CasValidationFacts = { serverUrl: SERVER, user, attributes: new Map(Object.entries(attributes)) };
  const result = mapCasAttributes(facts, 'ent-cas', { ...DEFAULT_CAS_ATTRIBUTES }, DEFAULT_CAS_ROLE_VALUES);
  if (!result.ok) throw new Error(`not mapped: ${result.missing.join(', ')}`);
  return result.identity;
}

describe('CAS attributes as a person', () => {
  it('reads a teacher: CAS user as subject, names, school by UAI and classes as teacher', () => {
    const identity = mapped('prof.martin', {
      ENTPersonProfils: ['National_ENS'],
      ENTPersonStructRattachRNE: ['0750001a'],
      ENTPersonClasses: ['ce1-b|CE1 B', 'cm1|'],
      givenName: [' Claire '],
      sn: ['Martin'],
    });
    expect(identity).to.deep.include({ issuer: SERVER, subject: 'prof.martin', connectorId: 'ent-cas', givenName: 'Claire', familyName: 'Martin' });
    expect(identity.schools).to.deep.equal([{ school: { uai: '0750001A' }, roles: ['teacher'] }]);
    expect(identity.classes).to.deep.equal([
      { school: { uai: '0750001A' }, externalRef: 'ce1-b', name: 'CE1 B', as: 'teacher' },
      { school: { uai: '0750001A' }, externalRef: 'cm1', as: 'teacher' },
    ]);
  });

  it('gives a parent no role in the school and no class: children come from the records', () => {
    const identity = mapped('parent.roux', {
      ENTPersonProfils: ['National_TUT'],
      ENTPersonStructRattachRNE: ['0750001A'],
      ENTPersonClasses: ['ce1-b|CE1 B'],
    });
    expect(identity.schools).to.deep.equal([{ school: { uai: '0750001A' }, roles: [] }]);
    expect(identity.classes).to.deep.equal([]);
    expect(identity.children).to.deep.equal([]);
  });

  it('places no class when the person belongs to two schools, since it cannot tell which one', () => {
    const identity = mapped('eleve.morel', {
      ENTPersonProfils: ['National_ELV'],
      ENTPersonStructRattachRNE: ['0750001A', '0750002B'],
      ENTPersonClasses: ['cm1-a|CM1 A'],
    });
    expect(identity.schools.map((entry) => entry.roles)).to.deep.equal([['pupil'], ['pupil']]);
    expect(identity.classes).to.deep.equal([]);
  });

  it('grants nothing for an unknown profile or a value that is not a UAI', () => {
    expect(mapped('x', { ENTPersonProfils: ['National_DIR'], ENTPersonStructRattachRNE: ['0750001A'] }).schools).to.deep.equal([]);
    expect(mapped('y', { ENTPersonProfils: ['National_ENS'], ENTPersonStructRattachRNE: ['not-a-uai'] }).schools).to.deep.equal([]);
  });
});
