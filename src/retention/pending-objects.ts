import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import type { MediaStorage } from '../media/index.js';
import { retentionMetrics } from './retention-metrics.js';

/** Storage keys named by these rows of a table holding stored items (`portfolio_medium`, `message_file`). */
export async function storedKeysOf(manager: EntityManager, table: 'portfolio_medium' | 'message_file', ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows(manager, rowReader({ originalKey: column.text, screenKey: column.nullableText, thumbnailKey: column.nullableText }), `SELECT originalKey, screenKey, thumbnailKey FROM ${table} WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
  return rows.flatMap((row) => [row.originalKey, row.screenKey, row.thumbnailKey]).filter((key): key is string => key !== null);
}

/**
 * Records, inside the transaction deleting their rows, the stored objects to delete once it
 * commits: if the process dies before the storage is told, the next run still deletes them.
 */
export async function recordPendingObjects(manager: EntityManager, schoolId: string, keys: readonly string[], now: Date): Promise<void> {
  for (const key of new Set(keys)) {
    // A key already waiting (a run killed after recording it, then the same unit again) stays once.
    const waiting = await queryRows(manager, rowReader({ storageKey: column.text }), 'SELECT storageKey FROM retention_pending_object WHERE storageKey = ?', [key]);
    if (waiting.length === 0) await manager.query('INSERT INTO retention_pending_object (storageKey, schoolId, createdAt) VALUES (?, ?, ?)', [key, schoolId, sqlInstant(now)]);
  }
}

/**
 * Deletes from the storage every object waiting in `retention_pending_object`, in batches, and
 * forgets each once the storage confirmed (deleting a missing object succeeds, so a repeat is
 * harmless). An object the storage refuses now stays for the next run. Returns how many went.
 */
export async function deletePendingObjects(dataSource: DataSource, storage: MediaStorage, logger: Logger, batchSize = 200): Promise<number> {
  let deleted = 0;
  const failed = new Set<string>();
  for (;;) {
    const batch = (
      await queryRows(dataSource, rowReader({ storageKey: column.text }), `SELECT storageKey FROM retention_pending_object ORDER BY createdAt, storageKey LIMIT ${Number(batchSize + failed.size)}`)
    ).map((row) => row.storageKey).filter((key) => !failed.has(key));
    if (batch.length === 0) return deleted;
    const done: string[] = [];
    for (const key of batch) {
      try {
        await storage.delete(key);
        done.push(key);
      } catch (error) {
        failed.add(key);
        logger.warn({ err: error, key }, 'retention could not delete a stored object; the next run tries again');
      }
    }
    if (done.length > 0) await dataSource.query(`DELETE FROM retention_pending_object WHERE storageKey IN (${done.map(() => '?').join(', ')})`, done);
    retentionMetrics.deleted.inc({ kind: 'storedObject' }, done.length);
    deleted += done.length;
  }
}
