import type { DataSource } from 'typeorm';
import { readPreferredLanguageRow } from '../db/common-rows.js';
import { queryRows } from '../db/row-reader.js';

/**
 * The language a person reads best (`person.preferredLanguage`), into which what they read is
 * translated; `fallback` (the page's language) when the person is unknown.
 */
export async function readerLanguageOf(dataSource: DataSource, personId: string | undefined, fallback: string): Promise<string> {
  if (!personId) return fallback;
  const rows = await queryRows(dataSource, readPreferredLanguageRow, 'SELECT preferredLanguage FROM person WHERE id = ?', [personId]);
  return rows[0]?.preferredLanguage ?? fallback;
}
