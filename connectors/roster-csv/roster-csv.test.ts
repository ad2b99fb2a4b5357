import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RosterConnector } from '../../src/connectors/contract.js';
import { decodeRosterFile } from '../../src/roster/decode-roster-file.js';
import rosterCsv from './index.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const read = (name: string) => decodeRosterFile(fs.readFileSync(path.join(fixtures, name)));

function connector(options: Record<string, unknown> = {}): RosterConnector {
  const loaded = rosterCsv.load({ id: 'csv', displayName: 'CSV', baseUrl: '', mode: 'demo', schools: [], options, secrets: {} });
  if (!loaded.ok || loaded.connector.protocol !== 'roster') throw new Error('the connector did not load');
  return loaded.connector;
}

describe('connector roster-csv: ONDE and SIECLE exports', () => {
  it('reads a SIECLE export in Windows-1252 exactly as the golden file says', () => {
    const expected = JSON.parse(fs.readFileSync(path.join(fixtures, 'siecle-windows-1252.expected.json'), 'utf8'));
    expect(connector().parse(read('siecle-windows-1252.csv'), 'siecle')).to.deep.equal(expected);
  });

  it('reads the demo school’s ONDE export: 40 pupils, guardians 1 and 2, the court decisions', () => {
    const { records, problems } = connector().parse(read('onde-demo-school.csv'), 'onde');
    expect(problems).to.deep.equal([]);
    expect(records).to.have.length(40);
    const leo = records.find((record) => record.givenName === 'Léo')!;
    expect(leo.class).to.deep.equal({ externalRef: 'demo-gs', name: 'Grande section — Les Hiboux', levels: 'GS' });
    expect(leo.birthDate).to.equal('2021-04-13');
    expect(leo.guardians.map((guardian) => [guardian.givenName, guardian.rank, guardian.status, guardian.relationship])).to.deep.equal([
      ['Julie', 1, 'full', 'mother'],
      ['Marc', 2, 'noAccess', 'father'],
    ]);
    expect(leo.guardians[1]!.legalBasis).to.deep.equal({ kind: 'courtDecision', reference: 'JAF Paris, RG 25/04512', date: '2025-06-12' });
    const tom = records.find((record) => record.givenName === 'Tom')!;
    expect(tom.guardians[1]).to.deep.include({ status: 'informationOnly' });
  });

  for (const [header, name] of [
    ['Restriction', 'onde-restriction-column'],
    ['Accès e-carnet', 'onde-access-column'],
  ] as const) {
    it(`reads the “${header}” column with its own values, as the golden file says`, () => {
      const expected = JSON.parse(fs.readFileSync(path.join(fixtures, `${name}.expected.json`), 'utf8'));
      expect(connector().parse(read(`${name}.csv`), 'onde')).to.deep.equal(expected);
    });
  }

  it('reads “Non” as no restriction under Restriction, and as no access under Accès e-carnet', () => {
    const line = (header: string, value: string) =>
      connector().parse(`Nom de famille élève;Prénom élève;Libellé classe;Nom responsable;Prénom responsable;${header};Référence décision;Date décision\nPetit;Léo;GS;Petit;Marc;${value};JAF Paris;12/06/2025\n`, 'onde');
    expect(line('Restriction', 'Non').records[0]!.guardians[0]!.status).to.equal('full');
    expect(line('Accès e-carnet', 'Non').records[0]!.guardians[0]!.status).to.equal('noAccess');
    expect(line('Accès e-carnet', 'Oui').records[0]!.guardians[0]!.status).to.equal('full');
    expect(line('Restriction', 'Oui').problems).to.deep.equal([{ line: 2, column: 'Restriction', problem: 'invalidStatus' }]);
  });

  it('refuses a line whose two columns disagree', () => {
    const text = 'Nom de famille élève;Prénom élève;Libellé classe;Nom responsable;Prénom responsable;Restriction;Accès e-carnet;Référence décision;Date décision\nPetit;Léo;GS;Petit;Marc;Aucune;Non;JAF Paris;12/06/2025\n';
    expect(connector().parse(text, 'onde').problems).to.deep.equal([{ line: 2, column: 'Accès e-carnet', problem: 'conflictingStatus' }]);
  });

  it('states a guardian repeated on two lines of one pupil once, and refuses two different statuses for them', () => {
    const header = 'Nom de famille élève;Prénom élève;Date naissance;Libellé classe;Nom responsable;Prénom responsable;Restriction;Référence décision;Date décision\n';
    const repeated = connector().parse(`${header}Roux;Zoé;01/01/2019;CP;Roux;Anne;;;\nRoux;Zoé;01/01/2019;CP;ROUX;Anne;;;\n`, 'onde');
    expect(repeated.problems).to.deep.equal([]);
    expect(repeated.records[0]!.guardians.map((guardian) => guardian.givenName)).to.deep.equal(['Anne']);
    const conflicting = connector().parse(`${header}Roux;Zoé;01/01/2019;CP;Roux;Anne;;;\nRoux;Zoé;01/01/2019;CP;Roux;Anne;Aucun accès;TJ Rennes;01/10/2026\n`, 'onde');
    expect(conflicting.problems).to.deep.equal([{ line: 3, column: 'Restriction', problem: 'conflictingStatus' }]);
  });

  it('reports every problem with its line and column, and reads nothing from a file with problems', () => {
    const text = [
      'Nom de famille élève;Prénom élève;Date naissance;Libellé classe;Nom responsable;Prénom responsable;Restriction;Référence décision;Date décision',
      'Durand;Alice;31/02/2020;CP;Durand;Marc;;;',
      ';Paul;01/01/2020;CP;;;;;',
      'Blanc;Zoé;01/01/2020;CP;Blanc;Anne;aucun accès;;',
      'Roux;Léa;01/01/2020;CP;Roux;Ève;peut-être;;',
    ].join('\n');
    const { problems } = connector().parse(text, 'onde');
    expect(problems).to.deep.equal([
      { line: 2, column: 'Date naissance', problem: 'invalidDate' },
      { line: 3, column: 'Nom de famille élève', problem: 'missingValue' },
      { line: 4, column: 'Référence décision', problem: 'missingLegalBasis' },
      { line: 5, column: 'Restriction', problem: 'invalidStatus' },
    ]);
  });

  it('names the columns a preset needs and the file lacks', () => {
    expect(connector().parse('NOM;PRENOM\nA;B', 'siecle').problems).to.deep.equal([{ line: 1, column: 'DIVISION', problem: 'missingColumn' }]);
    expect(connector().parse('', 'onde').problems).to.deep.equal([{ line: 1, problem: 'emptyFile' }]);
  });

  it('treats a guardian without parental authority as informed only, on a decision', () => {
    const text = 'Nom de famille élève;Prénom élève;Libellé classe;Nom responsable;Prénom responsable;Autorité parentale;Référence décision;Date décision\nMorel;Jade;CP;Morel;Luc;Non;Jugement TJ Lyon 2023;2023-04-01';
    const [record] = connector().parse(text, 'onde').records;
    expect(record!.guardians[0]).to.deep.include({ status: 'informationOnly', legalBasis: { kind: 'courtDecision', reference: 'Jugement TJ Lyon 2023', date: '2023-04-01' } });
  });

  it('refuses an unknown preset in its options', () => {
    const loaded = rosterCsv.load({ id: 'csv', displayName: 'CSV', baseUrl: '', mode: 'demo', schools: [], options: { presets: ['onde', 'sconet'] }, secrets: {} });
    expect(loaded.ok ? [] : loaded.problems).to.deep.equal(['option "presets": unknown preset "sconet" (known: onde, siecle)']);
  });
});
