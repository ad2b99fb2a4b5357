import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import { newId } from '../model/columns.js';
import type { NotificationChannel } from '../model/notification-job.js';

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

interface Row {
  id: string;
  messageId: string;
  recipientId: string;
  channel: NotificationChannel;
  attempts: number | string;
  recalledAt: unknown;
  kind: string;
  requestKind: string | null;
  urgent: unknown;
  subject: string | null;
  senderGiven: string;
  senderFamily: string;
  givenName: string;
  familyName: string;
  email: string | null;
  preferredLanguage: string;
}

/**
 * Claims up to `limit` due jobs for this worker until `lockedUntil`. The conditional UPDATE is
 * what makes several workers safe: a job goes to whichever UPDATE matched it first. A worker that
 * dies leaves its lock to expire, and the job is claimed again (at-least-once).
 */
export async function claimDueJobs(dataSource: DataSource, now: Date, lockMs: number, limit: number): Promise<{ token: string; jobs: ClaimedJob[] }> {
  const at = sqlInstant(now);
  const due = (await dataSource.query(
    `SELECT id FROM notification_job
      WHERE status = 'pending' AND notBefore <= ? AND (lockedUntil IS NULL OR lockedUntil < ?)
      ORDER BY notBefore LIMIT ${Number(limit)}`,
    [at, at],
  )) as { id: string }[];
  const token = newId();
  if (due.length === 0) return { token, jobs: [] };
  const ids = due.map((row) => row.id);
  await dataSource.query(
    `UPDATE notification_job SET lockedBy = ?, lockedUntil = ?
      WHERE id IN (${ids.map(() => '?').join(',')}) AND status = 'pending' AND (lockedUntil IS NULL OR lockedUntil < ?)`,
    [token, sqlInstant(new Date(now.getTime() + lockMs)), ...ids, at],
  );
  const rows = (await dataSource.query(
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
  )) as Row[];
  return {
    token,
    jobs: rows.map((row) => ({
      id: row.id,
      messageId: row.messageId,
      recipientId: row.recipientId,
      channel: row.channel,
      attempts: Number(row.attempts),
      recalled: row.recalledAt !== null && row.recalledAt !== undefined,
      kind: row.kind,
      requestKind: row.requestKind,
      urgent: row.urgent === 1 || row.urgent === true || row.urgent === '1',
      subject: row.subject,
      senderName: `${row.senderGiven} ${row.senderFamily}`,
      recipientName: `${row.givenName} ${row.familyName}`,
      email: row.email,
      language: row.preferredLanguage,
    })),
  };
}
