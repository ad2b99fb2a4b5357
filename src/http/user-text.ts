/**
 * Unicode bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069). Typed
 * into a name or a comment they reorder what follows on screen, so "gpj.exe" can read as
 * "exe.jpg": they are taken out of whatever a person sends. The marks U+200E, U+200F and U+061C
 * stay, since they only nudge neutral characters and Arabic typists use them.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** What a request's input becomes before its schema reads it. */
export interface CleanedInput {
  readonly value: unknown;
  /** Paths (`a.b.0`) of strings holding a NUL byte, refused as a whole: no store keeps them. */
  readonly nulFields: readonly string[];
}

/** A string without bidi controls. */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * Every string in a request's input (path, query, body, however nested), without bidi controls,
 * and the fields holding a NUL byte. Objects are copied, never changed in place.
 */
export function cleanUserInput(input: unknown): CleanedInput {
  const nulFields: string[] = [];
  const walk = (value: unknown, path: readonly string[]): unknown => {
    if (typeof value === 'string') {
      if (value.includes('\0')) nulFields.push(path.length > 0 ? path.join('.') : '(body)');
      return withoutBidiControls(value);
    }
    if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, String(index)]));
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, [...path, key])]));
    return value;
  };
  return { value: walk(input, []), nulFields };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
