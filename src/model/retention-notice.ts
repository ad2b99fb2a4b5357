import { Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn } from './columns.js';
import { OutboxRow } from './outbox-row.js';

/**
 * "This guardian is told that this child's portfolio will be deleted on this date, and may
 * download it until then": one row per child who left and guardian, sent by the notification
 * worker through the e-mail channel like the other side outboxes.
 */
@Entity('retention_notice')
@Index('ux_retention_notice_child_guardian', ['schoolId', 'pupilId', 'guardianId'], { unique: true })
@Index('ix_retention_notice_due', ['status', 'notBefore'])
export class RetentionNotice extends OutboxRow {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) pupilId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) guardianId: string;
  /** When the portfolio goes, as it was when the notice was written. */
  @InstantColumn() deleteAfter: Date;
}
