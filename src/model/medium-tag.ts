import { Entity, Index } from 'typeorm';
import { RefColumn, RefKeyColumn } from './columns.js';

/** A pupil who appears in a medium: their image rights decide which families see it. */
@Entity('medium_tag')
@Index('ix_medium_tag_pupil', ['pupilId'])
export class MediumTag {
  @RefKeyColumn({ references: 'portfolio_medium', onDelete: 'CASCADE' }) mediumId: string;
  @RefKeyColumn({ references: 'person', onDelete: 'CASCADE' }) pupilId: string;
  @RefColumn() schoolId: string;
}
