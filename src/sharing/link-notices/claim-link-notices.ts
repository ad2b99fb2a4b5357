import type { DataSource } from 'typeorm';
import { claimDueRows } from '../../notify/side-outbox/claim-due-rows.js';
import type { SideOutboxTable } from '../../notify/side-outbox/side-outbox-table.js';
import { column, queryRows, rowReader } from '../../db/row-reader.js';

/** A notice this worker holds: which link's holder, about which entry. */
export interface ClaimedNotice {
  readonly id: string;
  readonly grantId: string;
  readonly entryId: string;
  readonly attempts: number;
}

/** Rows of one link go together: they make one e-mail. */
export const LINK_NOTICE_TABLE: SideOutboxTable = { name: 'link_notice', groupColumn: 'grantId' };

/**
 * Claims the due notices of up to `linkLimit` links until `lockedUntil` (see `claimDueRows`).
 * Claiming by link rather than by row keeps a link's due notices together: they make one e-mail.
 */
export async function claimDueLinkNotices(
  dataSource: DataSource,
  now: Date,
  lockMs: number,
  linkLimit: number,
): Promise<{ token: string; byLink: Map<string, ClaimedNotice[]> }> {
  const { token, claimed } = await claimDueRows(dataSource, LINK_NOTICE_TABLE, now, lockMs, linkLimit);
  const byLink = new Map<string, ClaimedNotice[]>();
  if (!claimed) return { token, byLink };
  const rows = await queryRows(dataSource, rowReader({ id: column.text, grantId: column.text, entryId: column.text, attempts: column.number }), 'SELECT id, grantId, entryId, attempts FROM link_notice WHERE lockedBy = ? ORDER BY grantId, entryId', [token]);
  for (const row of rows) {
    byLink.set(row.grantId, [...(byLink.get(row.grantId) ?? []), { id: row.id, grantId: row.grantId, entryId: row.entryId, attempts: Number(row.attempts) }]);
  }
  return { token, byLink };
}
