/**
 * SQL for "in force at a given instant" on tables with a start and an optional end. Each use
 * takes two `?` parameters, both the instant (see `sqlInstant`).
 */
export function inForce(alias: string, start = 'startedAt', end = 'endedAt'): string {
  return `${alias}.${start} <= ? AND (${alias}.${end} IS NULL OR ${alias}.${end} > ?)`;
}
