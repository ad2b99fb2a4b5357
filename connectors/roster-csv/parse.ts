import { parse as parseCsv } from 'csv-parse/sync';
import { comparableName, type RosterGuardianRecord, type RosterParseResult, type RosterProblem, type RosterPupilRecord } from '../../src/connectors/contract.js';
import { normaliseHeader, type GuardianField, type PupilField, type RosterPreset } from './presets.js';
import { accessOf, calendarDate, decisionKindOf, holdsAuthority, relationshipOf, restrictionOf } from './values.js';

type Row = readonly string[];
type Columns<F extends string> = Partial<Record<F, number>>;

/** The delimiter of the header line: the exports use ';', spreadsheets sometimes ',' or tabs. */
function delimiterOf(text: string): string {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = [';', ',', '\t'].map((delimiter) => [delimiter, header.split(delimiter).length] as const);
  return counts.sort((a, b) => b[1] - a[1])[0]![0];
}

function findColumns<F extends string>(headers: readonly string[], aliases: Readonly<Record<F, readonly string[]>>, rank?: number): Columns<F> {
  const normalised = headers.map(normaliseHeader);
  const columns: Columns<F> = {};
  for (const [field, names] of Object.entries(aliases) as [F, readonly string[]][]) {
    for (const name of names) {
      const index = normalised.indexOf(normaliseHeader(rank === undefined ? name : name.replace('{n}', String(rank))));
      if (index >= 0) {
        columns[field] = index;
        break;
      }
    }
  }
  return columns;
}

const cell = (row: Row, index: number | undefined): string => (index === undefined ? '' : (row[index] ?? '').trim());

/** Two guardian lines of one pupil name the same person: the same records id, else the same names. */
function sameGuardian(a: RosterGuardianRecord, b: RosterGuardianRecord): boolean {
  if (a.externalRef && b.externalRef) return a.externalRef === b.externalRef;
  const given = comparableName(a.givenName);
  const family = comparableName(a.familyName);
  return given !== '' && family !== '' && given === comparableName(b.givenName) && family === comparableName(b.familyName);
}

/** The guardian of one line (and rank), or undefined when the line names none. */
function guardianOf(
  row: Row,
  line: number,
  columns: Columns<GuardianField>,
  headers: readonly string[],
  rank: number,
  problems: RosterProblem[],
): RosterGuardianRecord | undefined {
  const familyName = cell(row, columns.familyName);
  const givenName = cell(row, columns.givenName);
  if (familyName === '' && givenName === '') return undefined;
  const columnName = (field: GuardianField) => (columns[field] === undefined ? undefined : headers[columns[field]!]);
  if (familyName === '' || givenName === '') {
    problems.push({ line, column: columnName(familyName === '' ? 'familyName' : 'givenName'), problem: 'missingValue' });
    return undefined;
  }

  // Each column with its own values; an empty cell states nothing. Two statements must agree.
  const stated: { field: GuardianField; status: RosterGuardianRecord['status'] | undefined }[] = [];
  if (cell(row, columns.restriction) !== '') stated.push({ field: 'restriction', status: restrictionOf(cell(row, columns.restriction)) });
  if (cell(row, columns.access) !== '') stated.push({ field: 'access', status: accessOf(cell(row, columns.access)) });
  const unreadable = stated.find((statement) => statement.status === undefined);
  if (unreadable) {
    problems.push({ line, column: columnName(unreadable.field), problem: 'invalidStatus' });
    return undefined;
  }
  if (stated.length === 2 && stated[0]!.status !== stated[1]!.status) {
    problems.push({ line, column: columnName('access'), problem: 'conflictingStatus' });
    return undefined;
  }
  let status = stated[0]?.status ?? 'full';
  // Without parental authority, a guardian keeps the right to be informed (unless a decision says more).
  if (status === 'full' && !holdsAuthority(cell(row, columns.authority))) status = 'informationOnly';

  let legalBasis: RosterGuardianRecord['legalBasis'];
  if (status !== 'full') {
    const reference = cell(row, columns.decisionReference);
    const date = calendarDate(cell(row, columns.decisionDate));
    if (reference === '' || date === undefined) {
      problems.push({ line, column: columnName(reference === '' ? 'decisionReference' : 'decisionDate') ?? columnName('restriction'), problem: 'missingLegalBasis' });
      return undefined;
    }
    legalBasis = { kind: decisionKindOf(cell(row, columns.decisionKind)), reference, date };
  }

  const guardianRef = cell(row, columns.guardianRef);
  const relationship = relationshipOf(cell(row, columns.relationship));
  const email = cell(row, columns.email);
  const phone = cell(row, columns.phone);
  return {
    rank,
    familyName,
    givenName,
    status,
    ...(guardianRef ? { externalRef: guardianRef } : {}),
    ...(relationship ? { relationship } : {}),
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    ...(legalBasis ? { legalBasis } : {}),
  };
}

/**
 * Reads a pupil-records export with a preset. Every problem is reported with its line and
 * column; the import applies only a file without problems. Lines with at most one cell filled
 * (the exports' footers) are skipped.
 */
export function parseRoster(text: string, preset: RosterPreset): RosterParseResult {
  let rows: string[][];
  try {
    rows = parseCsv(text, { delimiter: delimiterOf(text), bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch {
    return { records: [], problems: [{ line: 1, problem: 'unreadable' }] };
  }
  const [headers, ...lines] = rows;
  if (!headers || lines.length === 0) return { records: [], problems: [{ line: 1, problem: 'emptyFile' }] };

  const pupilColumns = findColumns<PupilField>(headers, preset.pupil);
  const missing = preset.required.filter((field) => pupilColumns[field] === undefined);
  if (missing.length > 0) {
    return { records: [], problems: missing.map((field) => ({ line: 1, column: preset.pupil[field][0], problem: 'missingColumn' as const })) };
  }
  const ranks = preset.layout === 'rowPerGuardian' ? [undefined] : [1, 2];
  const guardianColumns = ranks.map((rank) => findColumns<GuardianField>(headers, preset.guardian, rank));

  const problems: RosterProblem[] = [];
  const byPupil = new Map<string, { record: RosterPupilRecord; guardians: RosterGuardianRecord[] }>();
  lines.forEach((row, index) => {
    const line = index + 2;
    const values = Object.fromEntries(
      (Object.keys(preset.pupil) as PupilField[]).map((field) => [field, cell(row, pupilColumns[field])]),
    ) as Record<PupilField, string>;
    // Footers (« Nombre d'élèves : 40 ») and separator lines: at most one cell filled.
    if (row.filter((value) => value.trim() !== '').length <= 1) return;
    const absent = preset.required.find((field) => values[field] === '');
    if (absent) {
      problems.push({ line, column: headers[pupilColumns[absent]!], problem: 'missingValue' });
      return;
    }
    const birthDate = values.birthDate === '' ? undefined : calendarDate(values.birthDate);
    if (values.birthDate !== '' && birthDate === undefined) {
      problems.push({ line, column: headers[pupilColumns.birthDate!], problem: 'invalidDate' });
      return;
    }
    const classRef = values.classRef || values.className;
    const key = values.pupilRef || `${values.familyName}|${values.givenName}|${birthDate ?? ''}|${classRef}`;
    const entry = byPupil.get(key) ?? {
      record: {
        line,
        givenName: values.givenName,
        familyName: values.familyName,
        ...(values.pupilRef ? { externalRef: values.pupilRef } : {}),
        ...(birthDate ? { birthDate } : {}),
        class: { externalRef: classRef, name: values.className || classRef, ...(values.levels ? { levels: values.levels } : {}) },
        guardians: [],
      },
      guardians: [],
    };
    byPupil.set(key, entry);
    guardianColumns.forEach((columns, position) => {
      const explicitRank = Number(cell(row, columns.rank).replace(/\D/g, ''));
      const rank = ranks[position] ?? (explicitRank >= 1 && explicitRank <= 9 ? explicitRank : entry.guardians.length + 1);
      const guardian = guardianOf(row, line, columns, headers, rank, problems);
      if (!guardian) return;
      // A line repeated for the same pupil states the guardian once; two different statuses are the records' to settle.
      const same = entry.guardians.find((known) => sameGuardian(known, guardian));
      if (!same) entry.guardians.push(guardian);
      else if (same.status !== guardian.status) {
        const column = columns.restriction ?? columns.access;
        problems.push({ line, ...(column === undefined ? {} : { column: headers[column] }), problem: 'conflictingStatus' });
      }
    });
  });

  const records = [...byPupil.values()].map(({ record, guardians }) => ({ ...record, guardians }));
  return { records, problems };
}
