import type { DataSource } from 'typeorm';
import { engineOf } from './data-source.js';

/** The character set every text of e-carnet needs on MariaDB/MySQL: names are written in every script. */
const REQUIRED_CHARACTER_SET = 'utf8mb4';

/** Tables named in the message, at most: the rest are counted. */
const TABLES_NAMED = 10;

interface DatabaseRow {
  name: string | null;
  characterSet: string | null;
}

interface TableRow {
  tableName: string;
}

/**
 * What is wrong with the database's character set, or undefined when it suits e-carnet.
 *
 * Why at start, `migrate` and `worker`: a latin1 database accepts the migrations and every French
 * name, then refuses the first Turkish or Arabic one ("Incorrect string value") in the middle of a
 * roster import or a sign-in. Checked before anything is written, it is one clear message with the
 * statement to run instead. The database's default character set is what tables created by the
 * migrations inherit; tables that already exist keep their own, so their columns are checked too
 * (identifiers are created utf8mb4 on purpose, whatever the default: see `exactText`). SQLite
 * stores UTF-8 whatever happens.
 */
export async function characterSetProblem(dataSource: DataSource): Promise<string | undefined> {
  if (engineOf(dataSource) !== 'mysql') return undefined;
  const [database] = (await dataSource.query(
    `SELECT SCHEMA_NAME AS name, DEFAULT_CHARACTER_SET_NAME AS characterSet
       FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()`,
  )) as DatabaseRow[];
  if (!database?.name) return undefined; // no database selected: the connection itself fails elsewhere
  const tables = (await dataSource.query(
    `SELECT DISTINCT TABLE_NAME AS tableName FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND CHARACTER_SET_NAME IS NOT NULL AND CHARACTER_SET_NAME <> ?
      ORDER BY TABLE_NAME`,
    [REQUIRED_CHARACTER_SET],
  )) as TableRow[];
  const defaultIsWrong = database.characterSet !== REQUIRED_CHARACTER_SET;
  if (!defaultIsWrong && tables.length === 0) return undefined;

  const quoted = `\`${database.name.replace(/`/g, '``')}\``;
  const lines: string[] = [];
  if (defaultIsWrong) {
    lines.push(
      `the database "${database.name}" uses the character set ${database.characterSet ?? 'unknown'}; e-carnet needs ${REQUIRED_CHARACTER_SET} ` +
        '(names in Turkish, Arabic and every other script). Run, as a MariaDB/MySQL administrator:',
      `  ALTER DATABASE ${quoted} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`,
    );
  }
  if (tables.length > 0) {
    const named = tables.slice(0, TABLES_NAMED).map((row) => row.tableName);
    const more = tables.length > named.length ? ` and ${tables.length - named.length} more` : '';
    lines.push(
      `${tables.length} table(s) have text columns in another character set: ${named.join(', ')}${more}. ` +
        'ALTER DATABASE only changes what new tables get. If the database holds no school yet, drop it and create it again with ' +
        `CREATE DATABASE ${quoted} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci, then run migrate; otherwise back it up ` +
        'and convert those columns to utf8mb4 (keeping the binary collation of the identifier columns that already have one).',
    );
  }
  return lines.join('\n');
}
