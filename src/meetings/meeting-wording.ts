import { column, queryRows, rowReader, type RawQueries } from '../db/row-reader.js';
import { pickLanguage, type UiLanguage } from '../i18n/languages.js';

/** "lundi 16 novembre à 16:30" in the school's zone, in the reader's language. */
export function meetingTime(instant: Date, timeZone: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(instant);
}

/** A person's interface language, from their preference (French when none fits). */
export async function languageOf(database: RawQueries, personId: string): Promise<UiLanguage> {
  const rows = await queryRows(database, rowReader({ preferredLanguage: column.nullableText }), 'SELECT preferredLanguage FROM person WHERE id = ?', [personId]);
  return pickLanguage([rows[0]?.preferredLanguage]);
}
