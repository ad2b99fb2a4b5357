import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';

/**
 * A personal link (alias `g` of `share_grant`) whose holder asked to hear of new publications and
 * which still opens the portfolio: not revoked, not expired at the instant bound to its one `?`.
 * The scan that schedules notices and the send-time check both use it, so they agree.
 */
export const LIVE_OPTED_IN_LINK = `g.kind = 'link' AND g.notifyEmail IS NOT NULL AND g.revokedAt IS NULL AND g.expiresAt > ?`;

/** A personal link's holder who asked to hear of new publications. */
export interface LinkHolderToNotify {
  readonly grantId: string;
  readonly pupilId: string;
  readonly email: string;
}

/**
 * The holders of live personal links to these children who opted in to hear of new publications.
 * The notices themselves are scheduled and sent by `src/sharing/link-notices/`.
 */
export async function linkHoldersToNotifyOfPublication(dataSource: DataSource, pupilIds: readonly string[], now: Date): Promise<LinkHolderToNotify[]> {
  if (pupilIds.length === 0) return [];
  const rows = (await dataSource.query(
    `SELECT g.id AS grantId, g.pupilId AS pupilId, g.notifyEmail AS email
       FROM share_grant g
      WHERE ${LIVE_OPTED_IN_LINK}
        AND g.pupilId IN (${pupilIds.map(() => '?').join(', ')})
      ORDER BY g.createdAt, g.id`,
    [sqlInstant(now), ...pupilIds],
  )) as LinkHolderToNotify[];
  return rows;
}
