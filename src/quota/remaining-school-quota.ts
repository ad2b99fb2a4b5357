import type { ModuleContext } from '../context.js';

/**
 * Bytes a school may still store: its quota less every stored rendition of its portfolio media
 * and message files. Read before an upload streams; two uploads at the same instant may both
 * fit the same remainder, which a school's generous quota absorbs.
 */
export async function remainingSchoolQuota(context: Pick<ModuleContext, 'dataSource' | 'media'>, schoolId: string): Promise<number> {
  const rows = (await context.dataSource.query(
    `SELECT (SELECT COALESCE(SUM(storedBytes), 0) FROM portfolio_medium WHERE schoolId = ?)
          + (SELECT COALESCE(SUM(storedBytes), 0) FROM message_file WHERE schoolId = ?) AS used`,
    [schoolId, schoolId],
  )) as { used: number | string }[];
  return Math.max(0, context.media.schoolQuotaBytes - Number(rows[0]?.used ?? 0));
}
