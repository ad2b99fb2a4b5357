import { Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn, RefColumn } from './columns.js';

/**
 * A stored object whose row the retention job deleted and whose bytes are still to be deleted.
 * Written in the same transaction as the row's deletion, removed once the storage confirmed: a
 * job killed between the two finds its objects here on its next run, so nothing stays half-deleted.
 */
@Entity('retention_pending_object')
@Index('ix_retention_pending_object_created', ['createdAt'])
export class RetentionPendingObject {
  @PrimaryColumn({ type: 'varchar', length: 200 }) storageKey: string;
  @RefColumn() schoolId: string;
  @InstantColumn() createdAt: Date;
}
