import type { DataSource } from 'typeorm';
import { sqlInstant } from '../../db/sql-values.js';
import { newId } from '../../model/columns.js';

/** A notice this worker holds: which link's holder, about which entry. */
export interface ClaimedNotice {
  readonly id: string;
  readonly grantId: string;
  readonly entryId: string;
  readonly attempts: number;
}

const DUE = `status = 'pending' AND notBefore <= ? AND (lockedUntil IS NULL OR lockedUntil < ?)`;

/**
 * Claims the due notices of up to `linkLimit` links until `lockedUntil`, as the message outbox
 * claims its jobs (src/notify/claim-jobs.ts): a conditional UPDATE gives each row to whichever
 * worker matched it first, and a dead worker's rows come back when its lock expires. Claiming by
 * link rather than by row keeps a link's due notices together: they make one e-mail.
 */
export async function claimDueLinkNotices(
  dataSource: DataSource,
  now: Date,
  lockMs: number,
  linkLimit: number,
): Promise<{ token: string; byLink: Map<string, ClaimedNotice[]> }> {
  const at = sqlInstant(now);
  const token = newId();
  const byLink = new Map<string, ClaimedNotice[]>();
  const due = (await dataSource.query(
    `SELECT grantId, MIN(notBefore) AS firstDue FROM link_notice WHERE ${DUE} GROUP BY grantId ORDER BY firstDue LIMIT ${Number(linkLimit)}`,
    [at, at],
  )) as { grantId: string }[];
  if (due.length === 0) return { token, byLink };
  const grantIds = due.map((row) => row.grantId);
  await dataSource.query(
    `UPDATE link_notice SET lockedBy = ?, lockedUntil = ? WHERE grantId IN (${grantIds.map(() => '?').join(',')}) AND ${DUE}`,
    [token, sqlInstant(new Date(now.getTime() + lockMs)), ...grantIds, at, at],
  );
  const rows = (await dataSource.query('SELECT id, grantId, entryId, attempts FROM link_notice WHERE lockedBy = ? ORDER BY grantId, entryId', [token])) as {
    id: string;
    grantId: string;
    entryId: string;
    attempts: number | string;
  }[];
  for (const row of rows) {
    byLink.set(row.grantId, [...(byLink.get(row.grantId) ?? []), { id: row.id, grantId: row.grantId, entryId: row.entryId, attempts: Number(row.attempts) }]);
  }
  return { token, byLink };
}
