import { parse } from 'csv-parse/sync';
import type { DataSource } from 'typeorm';
import { runInTransaction } from '../db/transaction.js';
import { AppError } from '../http/errors.js';
import { School } from '../model/school.js';
import type { OperatorAgent } from './agent.js';
import { insertSchool } from './create-school.js';
import { schoolProblem, type CheckedSchool } from './school-input.js';

/**
 * Header names accepted for each column, compared without case, accents, spaces or underscores:
 * the short ones, and those of the national open-data "annuaire de l'éducation" file, so an
 * académie's extract of it can be imported as it is.
 */
const COLUMN_NAMES = {
  uai: ['uai', 'rne', 'identifiantdeletablissement', 'numerouai', 'codeuai'],
  name: ['name', 'nom', 'nometablissement', 'appellationofficielle'],
  kind: ['type', 'kind', 'typeetablissement', 'naturelibelle'],
  timezone: ['timezone', 'fuseau', 'fuseauhoraire'],
  cycles: ['cycles', 'cycle'],
} as const;

type Column = keyof typeof COLUMN_NAMES;

/** One refused line of a school list: its number in the file (the header is line 1) and why. */
export interface RefusedLine {
  readonly line: number;
  readonly code: string;
}

/** A school list with at least one bad line: nothing was imported. */
export class SchoolImportRefused extends AppError {
  constructor(readonly lines: readonly RefusedLine[]) {
    super('SCHOOL_IMPORT_INVALID');
  }
}

/** What an import did: UAIs created, and UAIs already there (left exactly as they were). */
export interface SchoolImportResult {
  readonly created: readonly string[];
  readonly unchanged: readonly string[];
}

function headerKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function columnIndexes(header: readonly string[]): Partial<Record<Column, number>> {
  const keys = header.map(headerKey);
  const found: Partial<Record<Column, number>> = {};
  for (const column of Object.keys(COLUMN_NAMES) as Column[]) {
    const index = keys.findIndex((key) => (COLUMN_NAMES[column] as readonly string[]).includes(key));
    if (index >= 0) found[column] = index;
  }
  return found;
}

function readRows(text: string): string[][] {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') ? ';' : ',';
  try {
    return parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: false, trim: true }) as string[][];
  } catch {
    throw new SchoolImportRefused([{ line: 0, code: 'SCHOOL_IMPORT_UNREADABLE' }]);
  }
}

/**
 * Checks a whole school list (CSV, `;` or `,`, UTF-8) and returns the schools it describes. Every
 * bad line is reported with its number; one bad line refuses the whole list.
 */
export function checkSchoolList(text: string): { line: number; school: CheckedSchool }[] {
  const rows = readRows(text);
  const header = rows[0] ?? [];
  const columns = columnIndexes(header);
  if (columns.uai === undefined || columns.name === undefined || columns.kind === undefined) {
    throw new SchoolImportRefused([{ line: 1, code: 'SCHOOL_IMPORT_COLUMNS_MISSING' }]);
  }
  const refused: RefusedLine[] = [];
  const checked: { line: number; school: CheckedSchool }[] = [];
  const seen = new Map<string, number>();
  rows.slice(1).forEach((row, index) => {
    const line = index + 2;
    if (row.every((cell) => cell === '')) return;
    const cell = (column: Column) => (columns[column] === undefined ? undefined : (row[columns[column]] ?? ''));
    const result = schoolProblem({ uai: cell('uai') ?? '', name: cell('name') ?? '', kind: cell('kind') ?? '', timezone: cell('timezone'), cycles: cell('cycles') });
    if (typeof result === 'string') {
      refused.push({ line, code: result });
      return;
    }
    if (seen.has(result.school.uai)) {
      refused.push({ line, code: 'SCHOOL_UAI_TAKEN' });
      return;
    }
    seen.set(result.school.uai, line);
    checked.push({ line, school: result.school });
  });
  if (refused.length > 0) throw new SchoolImportRefused(refused);
  return checked;
}

/**
 * Imports an académie's list of schools: all or nothing, in one transaction. A school whose UAI
 * is already recorded is left as it is, so running the same import again changes nothing.
 */
export async function importSchools(dataSource: DataSource, text: string, agent: OperatorAgent, now: Date): Promise<SchoolImportResult> {
  const checked = checkSchoolList(text);
  return runInTransaction(dataSource, async (manager) => {
    const created: string[] = [];
    const unchanged: string[] = [];
    for (const { school } of checked) {
      if (await manager.existsBy(School, { uai: school.uai })) {
        unchanged.push(school.uai);
      } else {
        await insertSchool(manager, school, agent, now);
        created.push(school.uai);
      }
    }
    return { created, unchanged };
  });
}
