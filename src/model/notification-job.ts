import { Column, Entity } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/** Channels a notification can go through. */
export const NOTIFICATION_CHANNELS = ['email', 'push', 'ent'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** pending until handed to its channel (sent), given up after the last retry (failed), or cancelled (recalled message). */
export type NotificationStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

/**
 * The transactional outbox: written in the same transaction as its message, delivered at least
 * once by the worker (src/notify/worker.ts), never before `notBefore` (quiet hours).
 */
@Entity('notification_job')
export class NotificationJob {
  @IdColumn() id: string;
  @RefColumn() messageId: string;
  @RefColumn() recipientId: string;
  @CodeColumn(8) channel: NotificationChannel;
  @CodeColumn(12) status: NotificationStatus;
  @InstantColumn() notBefore: Date;
  @Column({ type: 'int', default: 0 }) attempts: number;
  @TextColumn(300, { nullable: true }) lastError: string | null;
  @RefColumn({ nullable: true }) lockedBy: string | null;
  @InstantColumn({ nullable: true }) lockedUntil: Date | null;
  @InstantColumn({ nullable: true }) sentAt: Date | null;
  @InstantColumn() createdAt: Date;
}
