/** Whether a database error is a unique-index violation (two writers creating the same row at once), on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const text = String((error as { driverError?: { code?: string }; message?: string })?.driverError?.code ?? (error as Error)?.message ?? '');
  return /ER_DUP_ENTRY|SQLITE_CONSTRAINT_UNIQUE|UNIQUE constraint failed|Duplicate entry/.test(text);
}
