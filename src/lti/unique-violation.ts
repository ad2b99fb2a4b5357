/**
 * True when a write failed on a unique index, on either engine: the one failure that means "another
 * request did it first". Anything else (a lost connection, a full disk) is a real error.
 */
export function isUniqueViolation(error: unknown): boolean {
  const details = error as { driverError?: { code?: unknown }; code?: unknown; message?: unknown } | null;
  const text = `${String(details?.driverError?.code ?? '')} ${String(details?.code ?? '')} ${String(details?.message ?? '')}`;
  return /ER_DUP_ENTRY|SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)|UNIQUE constraint failed|Duplicate entry/.test(text);
}
