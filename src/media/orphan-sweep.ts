import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { featureMetrics } from '../metrics/metrics.js';
import type { ListableMediaStorage, ListedObject } from './storage.js';

/**
 * How old an unnamed object must be before it is deleted: far longer than any upload takes from
 * its first stored byte to its row (a 300 MB video on a slow line takes minutes), so a sweep on
 * one instance never races an upload on another.
 */
export const ORPHAN_GRACE_MS = 24 * 60 * 60 * 1000;
/** How often each instance sweeps (listing a bucket is cheap, but not free). */
export const ORPHAN_SWEEP_INTERVAL_MS = 6 * 60 * 60 * 1000;

/** What one sweep did. */
export interface OrphanSweepResult {
  /** Objects listed under the media prefixes. */
  readonly listed: number;
  /** Objects older than the grace with no row naming them, deleted. */
  readonly deleted: number;
}

/** Where the pipeline stores (see the callers of `ingestMedia`): `schools/<school id>/<media|messages>/…`. */
const OWNED_KEY = /^schools\/([0-9a-f-]{36})\/(?:media|messages)\//;
/** The tables whose rows name stored objects, each in the same three columns. */
const REFERENCING_TABLES = ['portfolio_medium', 'message_file'] as const;

/**
 * Deletes stored objects that no row names: what an instance killed between storing an upload's
 * files and inserting its row leaves behind (the upload's own error path cleans up otherwise).
 * Only keys the media pipeline makes are considered, and only those last written more than
 * `graceMs` ago, so an upload in progress on any instance (files stored, row not yet inserted)
 * is never touched. Works in batches of keys (one query per school and table per batch); safe
 * to run on several instances at once, and again (deleting a missing key succeeds). Counts
 * deletions in the log and in `ecarnet_media_orphans_deleted_total`.
 */
export async function sweepOrphanMedia(
  dataSource: DataSource,
  storage: ListableMediaStorage,
  logger: Logger,
  now: Date,
  options: { graceMs?: number; batchSize?: number } = {},
): Promise<OrphanSweepResult> {
  const cutoff = now.getTime() - (options.graceMs ?? ORPHAN_GRACE_MS);
  const batchSize = options.batchSize ?? 500;
  let listed = 0;
  let deleted = 0;
  let batch: ListedObject[] = [];
  const flush = async () => {
    deleted += await deleteUnreferenced(dataSource, storage, batch, logger);
    batch = [];
  };
  for await (const object of storage.list('schools/')) {
    listed += 1;
    if (!OWNED_KEY.test(object.key) || object.lastModified.getTime() > cutoff) continue;
    batch.push(object);
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  if (deleted > 0) logger.info({ listed, deleted }, 'orphan media objects deleted');
  return { listed, deleted };
}

async function deleteUnreferenced(dataSource: DataSource, storage: ListableMediaStorage, objects: readonly ListedObject[], logger: Logger): Promise<number> {
  const bySchool = new Map<string, string[]>();
  for (const { key } of objects) {
    const schoolId = OWNED_KEY.exec(key)![1]!;
    bySchool.set(schoolId, [...(bySchool.get(schoolId) ?? []), key]);
  }
  let deleted = 0;
  for (const [schoolId, keys] of bySchool) {
    const referenced = new Set<string>();
    const list = keys.map(() => '?').join(', ');
    for (const table of REFERENCING_TABLES) {
      // The school's index narrows the rows; the keys are then matched among them.
      const rows = (await dataSource.query(
        `SELECT originalKey, screenKey, thumbnailKey FROM ${table} WHERE schoolId = ? AND (originalKey IN (${list}) OR screenKey IN (${list}) OR thumbnailKey IN (${list}))`,
        [schoolId, ...keys, ...keys, ...keys],
      )) as { originalKey: string; screenKey: string | null; thumbnailKey: string | null }[];
      for (const row of rows) for (const key of [row.originalKey, row.screenKey, row.thumbnailKey]) if (key) referenced.add(key);
    }
    for (const key of keys) {
      if (referenced.has(key)) continue;
      try {
        await storage.delete(key);
        deleted += 1;
        featureMetrics.mediaOrphansDeleted.inc();
      } catch (error) {
        logger.warn({ err: error, key }, 'could not delete an orphan media object; the next sweep tries again');
      }
    }
  }
  return deleted;
}
