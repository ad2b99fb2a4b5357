import type { DataSource, EntityManager } from 'typeorm';
import { sqliteGateOf } from './data-source.js';

/** The manager of the transaction open on each SQLite data source, for nested calls. */
const openManagers = new WeakMap<DataSource, EntityManager>();

/**
 * Runs `work` in a transaction: all its writes are kept, or none. Use this rather than
 * `dataSource.transaction`.
 *
 * On the embedded SQLite database TypeORM has a single connection: the transaction takes it
 * exclusively through the database's gate (other requests' statements wait until it ends), and
 * a transaction started inside another one joins it. MariaDB/MySQL gives each its own pooled
 * connection.
 */
export function runInTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const gate = sqliteGateOf(dataSource);
  if (!gate) return dataSource.transaction(work);
  const outer = openManagers.get(dataSource);
  if (outer && gate.isInsideTransaction()) return work(outer);
  return gate.transaction(async () => {
    try {
      return await dataSource.transaction((manager) => {
        openManagers.set(dataSource, manager);
        return work(manager);
      });
    } finally {
      openManagers.delete(dataSource);
    }
  });
}

