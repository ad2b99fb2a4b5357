import { Entity, Index, PrimaryColumn } from 'typeorm';
import { RefColumn } from './columns.js';

/** A child an entry is about (entries for one or several children; a class moment has none). */
@Entity('entry_pupil')
@Index('ix_entry_pupil_pupil', ['pupilId'])
export class EntryPupil {
  @PrimaryColumn({ type: 'varchar', length: 36 }) entryId: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) pupilId: string;
  @RefColumn() schoolId: string;
}
