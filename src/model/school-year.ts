import { Entity, Index } from 'typeorm';
import { CalendarDateColumn, IdColumn, RefColumn, TextColumn } from './columns.js';

/** An année scolaire (September to July) of one school. */
@Entity('school_year')
@Index('uq_school_year_label', ['schoolId', 'label'], { unique: true })
export class SchoolYear {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  /** e.g. "2026-2027". */
  @TextColumn(16) label: string;
  @CalendarDateColumn() startsOn: string;
  @CalendarDateColumn() endsOn: string;
}
