/**
 * Raised when the database did not answer in time: no connection within the wait, or a statement
 * that ran past it. The request is answered 503 SERVICE_UNAVAILABLE, never left hanging.
 */
export class DatabaseWaitExceeded extends Error {
  readonly code = 'ECARNET_DATABASE_WAIT_EXCEEDED';

  constructor(readonly phase: 'connection' | 'statement', waitMs: number) {
    super(`no answer from the database within ${waitMs} ms (${phase})`);
    this.name = 'DatabaseWaitExceeded';
  }
}

/**
 * Driver error codes that say the database cannot serve now, though the request itself is fine:
 * refused, reset or lost connections, a server shutting down or full, a lock held too long, and
 * SQLite's file locked by another process.
 */
const UNAVAILABLE_CODES = new Set([
  'ECARNET_DATABASE_WAIT_EXCEEDED',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_STATEMENT_TIMEOUT',
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_BUSY_RECOVERY',
  'SQLITE_LOCKED',
]);

/** mysql2's messages for a connection it already gave up (no code of their own). */
const UNAVAILABLE_MESSAGES = [/^Can't add new command when connection is in closed state$/, /^Pool is closed\.$/, /^Connection lost/];

/**
 * True when `error` (or what it wraps: TypeORM's `driverError`, a `cause`) says the database is
 * unreachable, silent or busy, rather than that the statement was wrong.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth += 1) {
    const code = 'code' in current ? current.code : undefined;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    const message = 'message' in current ? current.message : undefined;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    current = 'driverError' in current && current.driverError ? current.driverError : 'cause' in current ? current.cause : undefined;
  }
  return false;
}
