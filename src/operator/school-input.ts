import { AppError } from '../http/errors.js';
import type { SchoolKind } from '../model/school.js';
import { readUai } from './uai.js';

/** A new school as an operator describes it, before any check. */
export interface SchoolDraft {
  readonly uai: string;
  readonly name: string;
  readonly kind: string;
  readonly timezone?: string;
  /** Cycles as typed: `1,2,3`, `3 4`; the kind's usual cycles when absent. */
  readonly cycles?: string;
}

/** A school description that passed every check, ready to insert. */
export interface CheckedSchool {
  readonly uai: string;
  readonly name: string;
  readonly kind: SchoolKind;
  readonly timezone: string;
  readonly cycles: string;
}

/** The cycles each kind teaches when the operator does not say (cycle 3 spans CM1 to 6e). */
export const USUAL_CYCLES: Readonly<Record<SchoolKind, string>> = { ecole: '1,2,3', college: '3,4', lycee: '' };

/** Names the national directory and operators use for each kind, accents and case forgiven. */
const KIND_NAMES: Readonly<Record<string, SchoolKind>> = {
  ecole: 'ecole',
  'ecole maternelle': 'ecole',
  'ecole elementaire': 'ecole',
  'ecole primaire': 'ecole',
  college: 'college',
  lycee: 'lycee',
  'lycee general': 'lycee',
  'lycee general et technologique': 'lycee',
  'lycee professionnel': 'lycee',
  'lycee polyvalent': 'lycee',
};

/** True when the runtime knows this IANA time zone (Europe/Paris, America/Cayenne, Indian/Reunion…). */
export function isKnownTimezone(timezone: string): boolean {
  if (!/^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/.test(timezone) && timezone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

function plain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The kind a typed name designates, or undefined. */
export function readSchoolKind(text: string): SchoolKind | undefined {
  return KIND_NAMES[plain(text)];
}

function readCycles(text: string | undefined, kind: SchoolKind): string | undefined {
  if (text === undefined || text.trim() === '') return USUAL_CYCLES[kind];
  const parts = text.split(/[\s,;]+/).filter((part) => part !== '');
  if (!parts.every((part) => /^[1-4]$/.test(part))) return undefined;
  return [...new Set(parts.map(Number))].sort().join(',');
}

/**
 * Checks a new school: UAI and its check letter, name, kind, time zone, cycles. Throws the first
 * problem's code (the CSV import collects them per line through `schoolProblem`).
 */
export function checkSchool(draft: SchoolDraft): CheckedSchool {
  const problem = schoolProblem(draft);
  if (typeof problem === 'string') throw new AppError(problem);
  return problem.school;
}

/** Every code `checkSchool` may refuse with. */
export type SchoolProblemCode =
  | 'SCHOOL_UAI_MALFORMED'
  | 'SCHOOL_UAI_CHECK_LETTER_WRONG'
  | 'SCHOOL_NAME_INVALID'
  | 'SCHOOL_KIND_UNKNOWN'
  | 'SCHOOL_TIMEZONE_UNKNOWN'
  | 'SCHOOL_CYCLES_INVALID';

/** The checked school, or the code of its first problem. */
export function schoolProblem(draft: SchoolDraft): { school: CheckedSchool } | SchoolProblemCode {
  const uai = readUai(draft.uai);
  if (!uai.ok) return uai.problem === 'UAI_MALFORMED' ? 'SCHOOL_UAI_MALFORMED' : 'SCHOOL_UAI_CHECK_LETTER_WRONG';
  const name = draft.name.replace(/\s+/g, ' ').trim();
  if (name.length < 2 || name.length > 200) return 'SCHOOL_NAME_INVALID';
  const kind = readSchoolKind(draft.kind);
  if (!kind) return 'SCHOOL_KIND_UNKNOWN';
  const timezone = draft.timezone?.trim() || 'Europe/Paris';
  if (!isKnownTimezone(timezone)) return 'SCHOOL_TIMEZONE_UNKNOWN';
  const cycles = readCycles(draft.cycles, kind);
  if (cycles === undefined) return 'SCHOOL_CYCLES_INVALID';
  return { school: { uai: uai.uai, name, kind, timezone, cycles } };
}

