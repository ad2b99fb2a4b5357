import type { Translate } from '../i18n/translator.js';

/** One fact of an audit record's detail, in words: a term and its value. */
export interface DetailLine {
  readonly term: string;
  readonly value: string;
}

/** A translation, or `fallback` when the catalogs have no words for it yet. */
function wordsOr(t: Translate, key: string, fallback: string): string {
  const text = t(key);
  return text === key ? fallback : text;
}

/** A stored value in words: yes/no for flags, lists joined, nested facts as `term : value`. */
function describeValue(t: Translate, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return t(value ? 'audit.values.yes' : 'audit.values.no');
  if (Array.isArray(value)) return value.map((item) => describeValue(t, item)).join(', ');
  if (typeof value === 'object') {
    return describeDetail(t, value as Record<string, unknown>)
      .map((line) => `${line.term} : ${line.value}`)
      .join(' ; ');
  }
  return String(value as string | number | bigint);
}

/**
 * An audit record's detail as the director reads it: each stored field named in their language
 * (`audit.fields.<field>`, or the field itself when it has no words yet), rather than JSON.
 */
export function describeDetail(t: Translate, detail: Record<string, unknown>): DetailLine[] {
  return Object.entries(detail).map(([field, value]) => ({ term: wordsOr(t, `audit.fields.${field}`, field), value: describeValue(t, value) }));
}
