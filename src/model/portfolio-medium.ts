import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn } from './columns.js';
import { StoredItem } from './stored-item.js';

/**
 * A photo, video, sound or PDF of an entry, as stored by the media pipeline. Uploaded media wait
 * without an entry for a short while (the teacher is still writing); unattached ones are removed.
 */
@Entity('portfolio_medium')
@Index('ix_portfolio_medium_entry', ['entryId', 'position'])
@Index('ix_portfolio_medium_school', ['schoolId', 'createdAt'])
export class PortfolioMedium extends StoredItem {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @RefColumn({ references: 'school_class', onDelete: 'CASCADE' }) classId: string;
  @RefColumn({ nullable: true, references: 'portfolio_entry', onDelete: 'CASCADE' }) entryId: string | null;
  @RefColumn() uploadedById: string;
  /**
   * The teacher has said who appears (possibly nobody). A photo or video whose people were not
   * reviewed cannot be published: image rights depend on it.
   */
  @Column({ type: 'boolean', default: false }) peopleReviewed: boolean;
  @Column({ type: 'int' }) position: number;
  @InstantColumn() createdAt: Date;
}
