/**
 * A catalog string split at its `{{name}}` placeholders, so that a page asking for the same
 * string hundreds of times pays a lookup and a join instead of a full i18next resolution.
 */
export interface CompiledMessage {
  /** The text around the placeholders: always one more piece than there are names. */
  readonly pieces: readonly string[];
  readonly names: readonly string[];
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Compiles a catalog string, or returns undefined when it uses more of i18next than plain
 * placeholders (nesting, formats, unescaped or dotted values): those stay with i18next.
 */
export function compileMessage(template: string): CompiledMessage | undefined {
  const pieces: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    pieces.push(template.slice(last, match.index));
    names.push(match[1]!);
    last = match.index + match[0].length;
  }
  pieces.push(template.slice(last));
  // Whatever is left that looks like i18next syntax is not ours to interpret.
  if (pieces.some((piece) => piece.includes('{{') || piece.includes('$t('))) return undefined;
  return { pieces, names };
}

/**
 * Fills a compiled message; undefined when a value is missing, so that i18next decides what a
 * missing value prints. Values print as i18next prints them: `String(value)`, nothing escaped
 * (Handlebars escapes the page).
 */
export function fillMessage(message: CompiledMessage, values: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (message.names.length === 0) return message.pieces[0];
  let text = message.pieces[0]!;
  for (let index = 0; index < message.names.length; index += 1) {
    const value = values?.[message.names[index]!];
    if (value === undefined || value === null) return undefined;
    text += String(value) + message.pieces[index + 1]!;
  }
  return text;
}
