import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { updateIf } from '../lti/conditional-update.js';
import { RetentionLease } from '../model/retention-lease.js';

/**
 * Takes (or renews) the lease `name` for `holder` until `now + ms`: true when this holder now has
 * it, false while another instance holds an unexpired one. The conditional UPDATE decides
 * between instances racing for it.
 */
export async function takeLease(dataSource: DataSource, name: string, holder: string, now: Date, ms: number): Promise<boolean> {
  const until = new Date(now.getTime() + ms);
  try {
    await dataSource.query('INSERT INTO retention_lease (name, holder, expiresAt) VALUES (?, NULL, ?)', [name, sqlInstant(now)]);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  return updateIf(dataSource, RetentionLease, { holder, expiresAt: until }, 'name = :name AND (holder IS NULL OR holder = :holder OR expiresAt < :now)', {
    name,
    holder,
    now: sqlInstant(now),
  });
}

/** Gives the lease back, if this holder still has it. */
export async function releaseLease(dataSource: DataSource, name: string, holder: string): Promise<void> {
  await dataSource.query('UPDATE retention_lease SET holder = NULL WHERE name = ? AND holder = ?', [name, holder]);
}
