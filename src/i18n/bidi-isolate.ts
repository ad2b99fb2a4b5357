/** FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: what they enclose takes its own direction. */
const FSI = '\u2068';
const PDI = '\u2069';

/**
 * A person's words set inside a sentence of another direction (a French name in an Arabic
 * sentence, an Arabic subject in a French e-mail), enclosed in Unicode bidi isolates so that
 * neither reorders the other: the plain-text form of HTML's `<bdi>`, for e-mails, PDFs and
 * catalog sentences whose values are escaped text.
 */
export function bidiIsolate(text: string): string {
  return text === '' ? text : `${FSI}${text}${PDI}`;
}
