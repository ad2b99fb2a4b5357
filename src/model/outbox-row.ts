import { Column } from 'typeorm';
import { CodeColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/** pending until handed to its channel (sent), given up after the last retry (failed), or cancelled. */
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

/**
 * The delivery state every outbox row carries: message notifications, link notices, weekly
 * reminders. A worker claims due rows by writing `lockedBy`/`lockedUntil` with a conditional
 * UPDATE, and settles them; each table that extends this class has these columns.
 */
export abstract class OutboxRow {
  @CodeColumn(12) status: OutboxStatus;
  /** Not before the school's notification hours allow, nor before a retry's backoff ends. */
  @InstantColumn() notBefore: Date;
  @Column({ type: 'int', default: 0 }) attempts: number;
  @TextColumn(300, { nullable: true }) lastError: string | null;
  @RefColumn({ nullable: true }) lockedBy: string | null;
  @InstantColumn({ nullable: true }) lockedUntil: Date | null;
  @InstantColumn({ nullable: true }) sentAt: Date | null;
  @InstantColumn() createdAt: Date;
}
