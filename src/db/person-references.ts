import type { EntityManager } from 'typeorm';
import { column, queryRows, rowReader } from './row-reader.js';

/** A column whose foreign key points at `person`. */
interface PersonReference {
  readonly table: string;
  readonly column: string;
}

/**
 * Every column of the schema whose foreign key points at `person`, read from the database's own
 * catalogue. Read rather than listed by hand so that a table added later is never forgotten by
 * what must know everything a person holds (merging two records of one person).
 */
export async function personReferences(manager: EntityManager): Promise<PersonReference[]> {
  const sql =
    manager.connection.options.type === 'better-sqlite3'
      ? `SELECT m.name AS tableName, f."from" AS columnName
           FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
          WHERE m.type = 'table' AND f."table" = 'person'
          ORDER BY m.name, f."from"`
      : `SELECT TABLE_NAME AS tableName, COLUMN_NAME AS columnName
           FROM information_schema.KEY_COLUMN_USAGE
          WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME = 'person'
          ORDER BY TABLE_NAME, COLUMN_NAME`;
  const rows = await queryRows(manager, rowReader({ tableName: column.text, columnName: column.text }), sql);
  return rows.map((row) => ({ table: row.tableName, column: row.columnName }));
}
