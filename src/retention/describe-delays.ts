import type { Translate } from '../i18n/translator.js';
import type { RetentionRow } from './retention-table.js';

/** A retention table's line in words: what is kept, and for how long. */
export interface DescribedRetentionRow {
  readonly kind: string;
  readonly what: string;
  readonly delay: string;
}

/** The table in the reader's language (`retention.table.<kind>.what` / `.delay`), for pages and the privacy notice. */
export function describeRetentionTable(t: Translate, table: readonly RetentionRow[]): DescribedRetentionRow[] {
  return table.map((row) => ({
    kind: row.kind,
    what: t(`retention.table.${row.kind}.what`),
    delay: t(`retention.table.${row.kind}.delay`, { count: row.days ?? row.schoolYears ?? 0 }),
  }));
}
