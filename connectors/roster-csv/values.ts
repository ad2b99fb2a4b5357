import type { RosterGuardianRecord } from '../../src/connectors/contract.js';
import { normaliseHeader } from './presets.js';

/** `DD/MM/YYYY` (the exports' form) or `YYYY-MM-DD` → `YYYY-MM-DD`; undefined when not a real date. */
export function calendarDate(value: string): string | undefined {
  const text = value.trim();
  const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [year, month, day] = french ? [french[3], french[2], french[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (!year || !month || !day) return undefined;
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date ? date : undefined;
}

/** What the records call the guardian; a civility (Mme, M.) says mother or father when nothing else does. */
export function relationshipOf(value: string): RosterGuardianRecord['relationship'] {
  const word = normaliseHeader(value);
  if (['mere', 'mme', 'madame'].includes(word)) return 'mother';
  if (['pere', 'm', 'monsieur', 'mr'].includes(word)) return 'father';
  if (word.startsWith('tut')) return 'guardian';
  if (word === 'ase' || word.includes('aide sociale')) return 'childWelfare';
  return word === '' ? undefined : 'other';
}

/** `Non` in an authority column means the guardian does not hold parental authority. */
export function holdsAuthority(value: string): boolean {
  return !['non', 'n', 'no', 'false', '0'].includes(normaliseHeader(value));
}

/** The status a restriction column states ("Non": no restriction); undefined when the value is not understood. */
export function restrictionOf(value: string): RosterGuardianRecord['status'] | undefined {
  const word = normaliseHeader(value);
  if (['', 'aucune', 'non', 'none', 'complet', 'full'].includes(word)) return 'full';
  if (word.startsWith('information') || word.includes('surveillance') || word === 'informationonly') return 'informationOnly';
  if (word.startsWith('aucun acces') || word.startsWith('interdit') || word === 'noaccess' || word === 'no access') return 'noAccess';
  return undefined;
}

/** The kind of document a restriction rests on; a court decision when the column is empty. */
export function decisionKindOf(value: string): 'courtDecision' | 'agreement' | 'other' {
  const word = normaliseHeader(value);
  if (word === '' || word.includes('justice') || word.includes('jugement') || word.includes('jaf') || word.includes('ordonnance')) return 'courtDecision';
  if (word.includes('accord') || word.includes('convention')) return 'agreement';
  return 'other';
}

/**
 * The status an access column ("Accès e-carnet") states: "Oui" full access, "Non" none (a
 * restriction, which needs its decision), "Information" the right to be informed; undefined when
 * the value is not understood.
 */
export function accessOf(value: string): RosterGuardianRecord['status'] | undefined {
  const word = normaliseHeader(value);
  if (['oui', 'o', 'yes', 'complet', 'complete', 'full', 'total'].includes(word)) return 'full';
  if (['non', 'n', 'no', 'aucun', 'aucun acces', 'interdit', 'noaccess', 'no access'].includes(word)) return 'noAccess';
  if (word.startsWith('information') || word.includes('surveillance') || word === 'informationonly') return 'informationOnly';
  return undefined;
}
