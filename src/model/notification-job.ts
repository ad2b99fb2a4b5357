import { Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, RefColumn } from './columns.js';
import { OutboxRow } from './outbox-row.js';

/** Channels a notification can go through. */
export const NOTIFICATION_CHANNELS = ['email', 'push', 'ent'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * The transactional outbox: written in the same transaction as its message, delivered at least
 * once by the worker (src/notify/worker.ts), never before `notBefore` (quiet hours).
 */
@Entity('notification_job')
@Index('ix_notification_job_lock', ['lockedBy'])
@Index('ix_notification_job_due', ['status', 'notBefore'])
@Index('uq_notification_job', ['messageId', 'recipientId', 'channel'], { unique: true })
export class NotificationJob extends OutboxRow {
  @IdColumn() id: string;
  @RefColumn({ references: 'message', onDelete: 'CASCADE' }) messageId: string;
  @RefColumn({ references: 'person', onDelete: 'RESTRICT' }) recipientId: string;
  @CodeColumn(8) channel: NotificationChannel;
}
