import type { DataSource } from 'typeorm';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import { newId } from '../model/columns.js';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from '../model/notification-job.js';

/** A claimed job with what its notification needs to say. */
export interface ClaimedJob {
  readonly id: string;
  readonly messageId: string;
  readonly recipientId: string;
  readonly channel: NotificationChannel;
  readonly attempts: number;
  readonly recalled: boolean;
  readonly kind: string;
  readonly requestKind: string | null;
  readonly urgent: boolean;
  readonly subject: string | null;
  readonly senderName: string;
  readonly recipientName: string;
  readonly email: string | null;
  readonly language: string;
}

/** A claimed job joined to its message, sender and recipient. */
const readClaimedRow = rowReader({
  id: column.text,
  messageId: column.text,
  recipientId: column.text,
  channel: column.oneOf(NOTIFICATION_CHANNELS),
  attempts: column.number,
  recalledAt: column.nullableInstant,
  kind: column.text,
  requestKind: column.nullableText,
  urgent: column.flag,
  subject: column.nullableText,
  senderGiven: column.text,
  senderFamily: column.text,
  givenName: column.text,
  familyName: column.text,
  email: column.nullableText,
  preferredLanguage: column.text,
});

const readId = rowReader({ id: column.text });

/**
 * Claims up to `limit` due jobs for this worker until `lockedUntil`. The conditional UPDATE is
 * what makes several workers safe: a job goes to whichever UPDATE matched it first. A worker that
 * dies leaves its lock to expire, and the job is claimed again (at-least-once).
 */
export async function claimDueJobs(dataSource: DataSource, now: Date, lockMs: number, limit: number): Promise<{ token: string; jobs: ClaimedJob[] }> {
  const at = sqlInstant(now);
  const due = await queryRows(
    dataSource,
    readId,
    `SELECT id FROM notification_job
      WHERE status = 'pending' AND notBefore <= ? AND (lockedUntil IS NULL OR lockedUntil < ?)
      ORDER BY notBefore LIMIT ${Number(limit)}`,
    [at, at],
  );
  const token = newId();
  if (due.length === 0) return { token, jobs: [] };
  const ids = due.map((row) => row.id);
  await dataSource.query(
    `UPDATE notification_job SET lockedBy = ?, lockedUntil = ?
      WHERE id IN (${ids.map(() => '?').join(',')}) AND status = 'pending' AND (lockedUntil IS NULL OR lockedUntil < ?)`,
    [token, sqlInstant(new Date(now.getTime() + lockMs)), ...ids, at],
  );
  const rows = await queryRows(
    dataSource,
    readClaimedRow,
    `SELECT j.id AS id, j.messageId AS messageId, j.recipientId AS recipientId, j.channel AS channel, j.attempts AS attempts,
            m.recalledAt AS recalledAt, m.kind AS kind, m.requestKind AS requestKind, m.urgent AS urgent, m.subject AS subject,
            s.givenName AS senderGiven, s.familyName AS senderFamily,
            p.givenName AS givenName, p.familyName AS familyName, p.email AS email, p.preferredLanguage AS preferredLanguage
       FROM notification_job j
       JOIN message m ON m.id = j.messageId
       JOIN person s ON s.id = m.senderId
       JOIN person p ON p.id = j.recipientId
      WHERE j.lockedBy = ?`,
    [token],
  );
  return {
    token,
    jobs: rows.map((row) => ({
      id: row.id,
      messageId: row.messageId,
      recipientId: row.recipientId,
      channel: row.channel,
      attempts: row.attempts,
      recalled: row.recalledAt !== null,
      kind: row.kind,
      requestKind: row.requestKind,
      urgent: row.urgent,
      subject: row.subject,
      senderName: `${row.senderGiven} ${row.senderFamily}`,
      recipientName: `${row.givenName} ${row.familyName}`,
      email: row.email,
      language: row.preferredLanguage,
    })),
  };
}
