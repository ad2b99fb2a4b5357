import { column, rowReader } from './row-reader.js';

/*
 * Readers of the small rows many raw queries share. A query whose row is its own declares its
 * reader beside its SQL.
 */

/** `SELECT id …` */
export const readIdRow = rowReader({ id: column.text });

/** `SELECT pupilId …` */
export const readPupilIdRow = rowReader({ pupilId: column.text });

/** `SELECT personId …` */
export const readPersonIdRow = rowReader({ personId: column.text });

/** `SELECT COUNT(*) AS n …` (a number, or text from mysql2). */
export const readCountRow = rowReader({ n: column.count });

/** `SELECT id, givenName, familyName FROM person …` */
export const readPersonNameRow = rowReader({ id: column.text, givenName: column.text, familyName: column.text });

/** `SELECT preferredLanguage FROM person …` */
export const readPreferredLanguageRow = rowReader({ preferredLanguage: column.text });

/** `SELECT timezone FROM school …` */
export const readTimezoneRow = rowReader({ timezone: column.text });

/** `SELECT settingsJson FROM school …`: the text, parsed by the settings schema of its caller. */
export const readSettingsRow = rowReader({ settingsJson: column.text });
