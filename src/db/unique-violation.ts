/**
 * Error codes of a write refused by a unique index or a primary key. MariaDB/MySQL (mysql2):
 * ER_DUP_ENTRY (1062) for both, ER_DUP_KEY (1022), ER_DUP_UNIQUE (1169) and
 * ER_DUP_ENTRY_WITH_KEY_NAME (1586) from older paths. SQLite (better-sqlite3): the extended codes.
 */
const UNIQUE_VIOLATION_CODES = new Set([
  'ER_DUP_ENTRY',
  'ER_DUP_KEY',
  'ER_DUP_UNIQUE',
  'ER_DUP_ENTRY_WITH_KEY_NAME',
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
]);
const UNIQUE_VIOLATION_ERRNOS = new Set([1062, 1022, 1169, 1586]);
/** What a driver that gives only a generic code (SQLITE_CONSTRAINT) says in its message. */
const UNIQUE_VIOLATION_MESSAGE = /UNIQUE constraint failed|Duplicate entry/;

interface DriverErrorFields {
  readonly code?: unknown;
  readonly errno?: unknown;
  readonly message?: unknown;
}

function isUniqueViolationFields(fields: DriverErrorFields | null | undefined): boolean {
  if (fields === null || typeof fields !== 'object') return false;
  if (typeof fields.code === 'string' && UNIQUE_VIOLATION_CODES.has(fields.code)) return true;
  if (typeof fields.errno === 'number' && UNIQUE_VIOLATION_ERRNOS.has(fields.errno)) return true;
  return typeof fields.message === 'string' && UNIQUE_VIOLATION_MESSAGE.test(fields.message);
}

/**
 * True when a write failed on a unique index or a primary key, on either engine: the one failure
 * that means "another request did it first". Anything else (a lost connection, a full disk, a
 * NOT NULL column) is a real error. Reads TypeORM's `QueryFailedError` and the driver's own error.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const details = error as DriverErrorFields & { driverError?: DriverErrorFields };
  return isUniqueViolationFields(details.driverError) || isUniqueViolationFields(details);
}
