import { TableForeignKey, TableIndex, type QueryRunner, type TableColumnOptions } from 'typeorm';

/*
 * Column builders for migrations. Once a migration has shipped, these must not change meaning:
 * add a new builder rather than edit one that an old migration uses.
 */

/** Primary key: a UUID. */
export const id = (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: true });

/** A reference to another row (its foreign key is declared by the table). */
export const ref = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '36',
  isNullable: nullable,
});

/** A bounded text, with an optional default. */
export const text = (name: string, length: number, nullable = false, defaultValue?: string): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
  ...(defaultValue === undefined ? {} : { default: `'${defaultValue}'` }),
});

/**
 * An identifier compared byte for byte (an IdP's subject, a nonce, a token): MariaDB's default
 * collation would match "AbC" with "abc" and "Ä" with "A", so two accounts could meet in one.
 * The binary collation must also be NO PAD ("abc" ≠ "abc "): `utf8mb4_nopad_bin` on MariaDB,
 * `utf8mb4_0900_bin` on MySQL 8. SQLite compares bytes already.
 */
export const exactText = (queryRunner: QueryRunner, name: string, length: number, nullable = false): TableColumnOptions => ({
  ...text(name, length, nullable),
  ...(queryRunner.connection.options.type === 'better-sqlite3' ? {} : { charset: 'utf8mb4', collation: exactCollation(queryRunner) }),
});

/** MariaDB numbers its versions from 10; MySQL's are 5 to 9. The driver reads it at connection. */
function exactCollation(queryRunner: QueryRunner): string {
  const version = (queryRunner.connection.driver as { version?: string }).version ?? '10';
  return Number(version.split('.')[0]) >= 10 ? 'utf8mb4_nopad_bin' : 'utf8mb4_0900_bin';
}

/** An unbounded text (JSON documents). */
export const longText = (name: string): TableColumnOptions => ({ name, type: 'text', isNullable: false });

/** A UTC instant with milliseconds. */
export const instant = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable: nullable,
});

/** A calendar date (YYYY-MM-DD). */
export const calendarDate = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'date',
  isNullable: nullable,
});

/** A boolean with its default. */
export const flag = (name: string, defaultValue: boolean): TableColumnOptions => ({
  name,
  type: 'boolean',
  isNullable: false,
  default: defaultValue ? 1 : 0,
});

/** A small whole number. */
export const smallInt = (name: string, nullable = true): TableColumnOptions => ({
  name,
  type: 'smallint',
  isNullable: nullable,
});

/** A foreign key whose rows go with the row they point to (a school's, a person's data). */
export const cascade = (column: string, table: string): TableForeignKey =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: 'CASCADE' });

/** A named index, unique when asked. */
export const index = (name: string, columns: string[], unique = false): TableIndex => new TableIndex({ name, columnNames: columns, isUnique: unique });

/** A whole number (an int), nullable when asked. */
export const whole = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'int', isNullable: nullable });

/** A large count of bytes. */
export const bigCount = (name: string): TableColumnOptions => ({ name, type: 'bigint', isNullable: false });

/**
 * The columns of an item the media pipeline stored (its kind, type, download name, sizes,
 * dimensions and storage keys), shared by portfolio media and message files.
 */
export const storedItemColumns = (): TableColumnOptions[] => [
  text('kind', 16),
  text('mimeType', 100),
  text('fileName', 120),
  bigCount('bytes'),
  bigCount('storedBytes'),
  whole('width', true),
  whole('height', true),
  text('originalKey', 200),
  text('screenKey', 200, true),
  text('thumbnailKey', 200, true),
];

/**
 * The delivery state of an outbox row beside the message one (link notices, weekly reminders):
 * status, when it may go, attempts and last error, the claim, when it went, when it was written.
 */
export const outboxRowColumns = (): TableColumnOptions[] => [
  text('status', 12),
  instant('notBefore'),
  { ...whole('attempts'), default: 0 },
  text('lastError', 300, true),
  ref('lockedBy', true),
  instant('lockedUntil', true),
  instant('sentAt', true),
  instant('createdAt'),
];
