import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/** A browser's Web Push subscription (RFC 8030), for one person. */
@Entity('push_subscription')
@Index('ix_push_subscription_person', ['personId'])
@Index('uq_push_subscription_endpoint', ['endpointHash'], { unique: true })
export class PushSubscription {
  @IdColumn() id: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) personId: string;
  /** SHA-256 of the endpoint: the endpoint itself is too long to index on MariaDB. */
  @CodeColumn(64) endpointHash: string;
  @Column({ type: 'text' }) endpoint: string;
  @TextColumn(200) p256dh: string;
  @TextColumn(64) auth: string;
  @InstantColumn() createdAt: Date;
}
