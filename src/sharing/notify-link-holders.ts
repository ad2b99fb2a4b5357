import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';

/** A personal link's holder who asked to hear of new publications. */
export interface LinkHolderToNotify {
  readonly grantId: string;
  readonly pupilId: string;
  readonly email: string;
}

/**
 * The holders of live personal links to these children who opted in to hear of new publications.
 * The notification outbox (src/notify/, built separately) calls this when entries go out and
 * sends each a message with no content of the portfolio, only an invitation to open their link.
 */
export async function linkHoldersToNotifyOfPublication(dataSource: DataSource, pupilIds: readonly string[], now: Date): Promise<LinkHolderToNotify[]> {
  if (pupilIds.length === 0) return [];
  const rows = (await dataSource.query(
    `SELECT id AS grantId, pupilId AS pupilId, notifyEmail AS email
       FROM share_grant
      WHERE kind = 'link' AND notifyEmail IS NOT NULL AND revokedAt IS NULL AND expiresAt > ?
        AND pupilId IN (${pupilIds.map(() => '?').join(', ')})
      ORDER BY createdAt, id`,
    [sqlInstant(now), ...pupilIds],
  )) as LinkHolderToNotify[];
  return rows;
}
