import { readCalendarDate, readFlag, readInstant } from './sql-values.js';

/**
 * Typed readers for the rows of hand-written SQL. TypeORM decodes the rows of repositories and
 * query builders; a raw query's rows come from the driver as they are, and differ by engine:
 * better-sqlite3 gives 0/1 for booleans and text for instants, mysql2 gives `Date` objects and
 * sometimes numbers as strings (COUNT, SUM, BIGINT). A query declares its row once, as a
 * `rowReader({ column: reader, … })`, and gets typed rows from `queryRows`: every boolean, instant,
 * number and JSON value is decoded there, the same way on both engines, and a column that is
 * missing or of another type fails loudly with its name instead of travelling on mistyped.
 */

/** Decodes one column's raw value. */
export type ColumnReader<T> = (value: unknown) => T;

type Shape = Readonly<Record<string, ColumnReader<unknown>>>;

/** The typed row a shape of column readers produces. */
export type RowOf<S extends Shape> = { -readonly [K in keyof S]: ReturnType<S[K]> };

/** Anything that runs raw SQL: a data source, an entity manager, a query runner. */
export interface RawQueries {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

const text: ColumnReader<string> = (value) => {
  if (typeof value === 'string') return value;
  throw new TypeError(`expected text, got ${describe(value)}`);
};

const number: ColumnReader<number> = (value) => {
  const read = typeof value === 'number' ? value : typeof value === 'string' || typeof value === 'bigint' ? Number(value) : Number.NaN;
  if (Number.isNaN(read)) throw new TypeError(`expected a number, got ${describe(value)}`);
  return read;
};

/** Absent (SQL NULL, or a column a LEFT JOIN did not fill) reads as null. */
export const nullable =
  <T>(read: ColumnReader<T>): ColumnReader<T | null> =>
  (value) =>
    value === null || value === undefined ? null : read(value);

/** The column readers, one per kind of value a raw row holds. */
export const column = {
  /** A text column (ids, names, codes). */
  text,
  nullableText: nullable(text),
  /** A number, whether the driver gives a number or a string (COUNT, SUM and BIGINT on mysql2). */
  number,
  nullableNumber: nullable(number),
  /** A count or sum that SQL gives as NULL over no rows: 0 then. */
  count: (value: unknown): number => (value === null || value === undefined ? 0 : number(value)),
  /** A boolean: 0/1 on both engines, `true`, or '1' from some mysql2 expressions. */
  flag: readFlag,
  /** A boolean that may be absent (a LEFT JOIN's row that is not there). */
  nullableFlag: nullable(readFlag),
  /** An instant: a `Date` from mysql2, UTC text from SQLite. */
  instant: readInstant,
  nullableInstant: nullable(readInstant),
  /** A calendar date as `YYYY-MM-DD`, or null. */
  calendarDate: readCalendarDate,
  /** A code from a closed list (a status, a role): any other value is refused. */
  oneOf:
    <const T extends string>(values: readonly T[]): ColumnReader<T> =>
    (value) => {
      if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
      throw new TypeError(`expected one of ${values.join(', ')}, got ${describe(value)}`);
    },
  /** A JSON document stored as text, decoded then checked by `parse`. */
  json:
    <T>(parse: (document: unknown) => T): ColumnReader<T> =>
    (value) =>
      parse(JSON.parse(text(value)) as unknown),
  /** A value this reader leaves as the driver gave it (decoded later by a reader of its own). */
  raw: (value: unknown): unknown => value,
} as const;

/** A reader of one row of a raw query: each named column through its reader, nothing else kept. */
export function rowReader<S extends Shape>(shape: S): (row: unknown) => RowOf<S> {
  const columns = Object.entries(shape);
  return (row) => {
    if (typeof row !== 'object' || row === null) throw new TypeError(`expected a row, got ${describe(row)}`);
    const source = row as Readonly<Record<string, unknown>>;
    const read: Record<string, unknown> = {};
    for (const [name, readColumn] of columns) {
      try {
        read[name] = readColumn(source[name]);
      } catch (error) {
        throw new TypeError(`column ${name}: ${(error as Error).message}`);
      }
    }
    return read as RowOf<S>;
  };
}

/** Reads every row a raw query returned. */
export function readRows<T>(rows: unknown, read: (row: unknown) => T): T[] {
  if (!Array.isArray(rows)) throw new TypeError(`expected rows, got ${describe(rows)}`);
  return rows.map((row: unknown) => read(row));
}

/** Runs a raw query and reads its rows. */
export async function queryRows<T>(database: RawQueries, read: (row: unknown) => T, sql: string, parameters?: readonly unknown[]): Promise<T[]> {
  return readRows(await database.query(sql, parameters && [...parameters]), read);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return 'a date';
  return typeof value === 'string' ? `text "${value.slice(0, 40)}"` : typeof value;
}
