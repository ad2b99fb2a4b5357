import { Entity, Index } from 'typeorm';
import { RefColumn, RefKeyColumn } from './columns.js';

/** A child an entry is about (entries for one or several children; a class moment has none). */
@Entity('entry_pupil')
@Index('ix_entry_pupil_pupil', ['pupilId'])
export class EntryPupil {
  @RefKeyColumn({ references: 'portfolio_entry', onDelete: 'CASCADE' }) entryId: string;
  @RefKeyColumn({ references: 'person', onDelete: 'CASCADE' }) pupilId: string;
  @RefColumn() schoolId: string;
}
