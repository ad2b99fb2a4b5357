/** A word starting with a vowel sound, as French elision needs it (accented vowels included; `h` and `y` are left alone: "de Hamid", "de Yanis"). */
const VOWEL_START = /^[aeiouàâäéèêëîïôöùûüœæ]/i;

/**
 * The i18next context for a message whose French text elides before a name ("Carnet d’Alice", not
 * "Carnet de Alice"): catalogs give the elided form as `<key>_elided`; languages that do not elide
 * give the same text (or none, and the plain key answers).
 */
export function elisionContext(name: string): { context?: 'elided' } {
  return VOWEL_START.test(name.trim()) ? { context: 'elided' } : {};
}
