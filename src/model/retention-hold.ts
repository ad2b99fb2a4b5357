import { Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/**
 * A legal hold placed by the director on one child (a court asked for the records, a complaint is
 * under way): while it is in force, the retention job deletes nothing of that child's. Released
 * holds stay as the record of when deletion was suspended and why.
 */
@Entity('retention_hold')
@Index('ix_retention_hold_pupil', ['schoolId', 'pupilId'])
export class RetentionHold {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) pupilId: string;
  /** Why deletion is suspended; a hold without a reason is refused. */
  @TextColumn(500) reason: string;
  @RefColumn() placedById: string;
  @InstantColumn() placedAt: Date;
  @RefColumn({ nullable: true }) releasedById: string | null;
  @InstantColumn({ nullable: true }) releasedAt: Date | null;
}
