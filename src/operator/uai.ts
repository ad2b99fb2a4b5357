/**
 * The UAI (formerly RNE), the national number of an établissement: seven characters and a check
 * letter. The letter is the seven-character code read as a number, modulo 23, taken in the
 * alphabet without I, O and Q (too easily read as 1 and 0).
 *
 * Corsica: the national directory numbers its départements 620 (Corse-du-Sud, 2A) and 720
 * (Haute-Corse, 2B), so Corsican UAIs are digits like the others (`620xxxx`, `720xxxx`). A code
 * written with the département's letter (`02Axxxx`, `02Bxxxx`) is read as that number, for the
 * check and for storage, so the same school is never recorded twice.
 */
export const UAI_CHECK_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ';

const CORSICAN_DEPARTMENTS: Readonly<Record<string, string>> = { '02A': '620', '02B': '720' };

/** The check letter of a seven-digit code (after the Corsican rewriting). */
export function uaiCheckLetter(sevenDigits: string): string {
  if (!/^\d{7}$/.test(sevenDigits)) throw new Error('a UAI code has seven digits');
  return UAI_CHECK_ALPHABET[Number(sevenDigits) % 23]!;
}

/** Why a UAI was refused: its shape, or its check letter. */
export type UaiProblem = 'UAI_MALFORMED' | 'UAI_CHECK_LETTER_WRONG';

/**
 * Reads a UAI as typed (spaces and case forgiven): the national form (`0750654D`), or the
 * problem. `02A…`/`02B…` become `620…`/`720…`.
 */
export function readUai(input: string): { ok: true; uai: string } | { ok: false; problem: UaiProblem } {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  const match = /^(\d{7}|02[AB]\d{4})([A-Z])$/.exec(compact);
  if (!match) return { ok: false, problem: 'UAI_MALFORMED' };
  const code = match[1]!;
  const digits = CORSICAN_DEPARTMENTS[code.slice(0, 3)] !== undefined ? CORSICAN_DEPARTMENTS[code.slice(0, 3)] + code.slice(3) : code;
  if (uaiCheckLetter(digits) !== match[2]) return { ok: false, problem: 'UAI_CHECK_LETTER_WRONG' };
  return { ok: true, uai: `${digits}${match[2]}` };
}
