import { Entity, Index, PrimaryColumn } from 'typeorm';
import { RefColumn } from './columns.js';

/** A pupil who appears in a medium: their image rights decide which families see it. */
@Entity('medium_tag')
@Index('ix_medium_tag_pupil', ['pupilId'])
export class MediumTag {
  @PrimaryColumn({ type: 'varchar', length: 36 }) mediumId: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) pupilId: string;
  @RefColumn() schoolId: string;
}
