/**
 * Values for hand-written SQL. TypeORM converts dates for repositories and query builders, but
 * raw queries go straight to the driver, and better-sqlite3 cannot bind a `Date`. Both engines
 * accept this UTC text for `datetime(3)` columns, and it sorts like the instants it names.
 */
export function sqlInstant(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** Reads an instant column from a raw row: a `Date` from mysql2, UTC text from SQLite. */
export function readInstant(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'string') return new Date(value.includes('T') ? value : `${value.replace(' ', 'T')}Z`);
  throw new TypeError(`not an instant: ${String(value)}`);
}

/** Reads a boolean column from a raw row: 0/1 on both engines, sometimes a string from mysql2. */
export function readFlag(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/** Reads a calendar-date column from a raw row as `YYYY-MM-DD`. */
export function readCalendarDate(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}
