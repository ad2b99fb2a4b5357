import type { Translate } from './translate.js';

/** A word starting with a vowel sound, as French elision needs it (accented vowels included; `h` and `y` are left alone: "de Hamid", "de Yanis"). */
const VOWEL_START = /^[aeiouàâäéèêëîïôöùûüœæ]/i;

/** Whether French elides the word before this one ("d’Amira", "d’Élodie"; "de Hugo", "de Léo"). */
export function startsWithVowelSound(word: string): boolean {
  return VOWEL_START.test(word.trim());
}

/**
 * The i18next context for a message whose French text elides before a name ("Carnet d’Alice", not
 * "Carnet de Alice"): catalogs give the elided form as `<key>_elided`; languages that do not elide
 * give the same text (or none, and the plain key answers).
 */
export function elisionContext(name: string): { context?: 'elided' } {
  return startsWithVowelSound(name) ? { context: 'elided' } : {};
}

/**
 * Marks where a value eliding the word before it was put in a message. Only words the catalog
 * itself puts just before a value are elided, never words inside the value (a subject a teacher
 * wrote stays as written). A private-use character: no catalog nor person types it.
 */
const MARK = '\uE000';
const ELIDED_BEFORE_MARK = new RegExp(`(^|[\\s(«"“])(de|que|le|la)\\s${MARK}`, 'giu');
const ELIDED: Record<string, string> = { de: 'd’', que: 'qu’', le: 'l’', la: 'l’' };

/** The elided form of a French word, in the word's case ("De" → "D’"). */
function elided(word: string): string {
  const form = ELIDED[word.toLowerCase()] ?? word;
  return word[0] === word[0]?.toUpperCase() ? form[0]!.toUpperCase() + form.slice(1) : form;
}

/**
 * French messages with a value after "de", "que", "le" or "la" ("Les responsables de {{name}}")
 * elide when the value starts with a vowel sound: "Les responsables d’Amira". Done once for every
 * message, so catalogs keep the plain "de {{name}}" and no phrase is forgotten. Values that are
 * i18next options (`count`, `context`…) are not placed in the text and are passed as they are.
 */
export function withFrenchElision(t: Translate, isOption: (name: string) => boolean): Translate {
  return (key, values) => {
    if (values === undefined) return t(key, values);
    let marked = false;
    const withMarks = Object.fromEntries(
      Object.entries(values).map(([name, value]) => {
        if (isOption(name) || typeof value !== 'string' || !startsWithVowelSound(value)) return [name, value];
        marked = true;
        return [name, MARK + value];
      }),
    );
    if (!marked) return t(key, values);
    return t(key, withMarks)
      .replace(ELIDED_BEFORE_MARK, (_match, before: string, word: string) => before + elided(word))
      .replaceAll(MARK, '');
  };
}
