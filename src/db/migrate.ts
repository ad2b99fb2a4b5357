import type { DataSource } from 'typeorm';
import { withoutStatementBound } from './bounded-waits.js';

/** Applies every pending migration; returns the names of those applied. */
export async function runPendingMigrations(dataSource: DataSource): Promise<string[]> {
  // A migration may rightly run one long ALTER TABLE: the per-statement bound does not apply.
  const applied = await withoutStatementBound(() => dataSource.runMigrations({ transaction: 'each' }));
  return applied.map((migration) => migration.name);
}

/** True when the schema is behind the code. */
export async function hasPendingMigrations(dataSource: DataSource): Promise<boolean> {
  return dataSource.showMigrations();
}

/** Reverts the latest migration (operators' undo; every migration has a real `down`). */
export async function revertLastMigration(dataSource: DataSource): Promise<void> {
  await withoutStatementBound(() => dataSource.undoLastMigration({ transaction: 'each' }));
}
