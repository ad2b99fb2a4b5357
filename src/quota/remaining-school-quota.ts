import type { EntityManager } from 'typeorm';
import type { ModuleContext } from '../context.js';
import { engineOf } from '../db/data-source.js';
import { AppError } from '../http/errors.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** Bytes stored for a school: every rendition of its portfolio media and message files. */
const SCHOOL_USAGE_SQL = `SELECT (SELECT COALESCE(SUM(storedBytes), 0) FROM portfolio_medium WHERE schoolId = ?)
          + (SELECT COALESCE(SUM(storedBytes), 0) FROM message_file WHERE schoolId = ?) AS used`;

async function schoolUsage(manager: EntityManager, schoolId: string): Promise<number> {
  const rows = await queryRows(manager, rowReader({ used: column.count }), SCHOOL_USAGE_SQL, [schoolId, schoolId]);
  return Number(rows[0]?.used ?? 0);
}

/**
 * Bytes a school may still store: its quota less what it stores now. Read before an upload
 * streams, so that a file too big for what is left stops as soon as it passes it; two uploads
 * streaming at once may each fit this remainder, which `holdSchoolQuota` settles when they are
 * recorded.
 */
export async function remainingSchoolQuota(context: Pick<ModuleContext, 'dataSource' | 'media'>, schoolId: string): Promise<number> {
  return Math.max(0, context.media.schoolQuotaBytes - (await schoolUsage(context.dataSource.manager, schoolId)));
}

/**
 * First step of the transaction that records newly stored bytes: refuses them with
 * `MEDIA_QUOTA_EXCEEDED` when the school's usage plus these bytes would pass the quota. On MariaDB
 * the school's row is locked first, so two uploads finishing at the same moment are counted one
 * after the other and the second sees the first's rows (SQLite runs one transaction at a time).
 * The caller deletes its stored files when this throws, as for any failed recording.
 */
export async function holdSchoolQuota(manager: EntityManager, quotaBytes: number, schoolId: string, addedBytes: number): Promise<void> {
  if (engineOf(manager.connection) === 'mysql') await manager.query('SELECT id FROM school WHERE id = ? FOR UPDATE', [schoolId]);
  const used = await schoolUsage(manager, schoolId);
  if (used + addedBytes > quotaBytes) throw new AppError('MEDIA_QUOTA_EXCEEDED');
}

/** The bytes a set of freshly stored files takes, all renditions included. */
export function storedBytesOf(files: readonly { storedBytes: number }[]): number {
  return files.reduce((sum, file) => sum + file.storedBytes, 0);
}
