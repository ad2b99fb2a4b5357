/** The age of majority in France (Code civil, article 414). */
const MAJORITY_YEARS = 18;

/**
 * Whether someone born on `birthDate` (YYYY-MM-DD) is of age on `now`'s UTC date. Unknown birth
 * dates count as not of age: a pupil then goes through their guardians, as for a minor.
 */
export function isOfAge(birthDate: string | null, now: Date): boolean {
  if (birthDate === null) return false;
  const today = now.toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4)) - MAJORITY_YEARS;
  return birthDate <= `${String(year).padStart(4, '0')}${today.slice(4)}`;
}
