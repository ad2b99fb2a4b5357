import { Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn } from './columns.js';

/** A pupil's place in a class, for a period. */
@Entity('enrolment')
@Index('ix_enrolment_class', ['classId'])
@Index('ix_enrolment_pupil', ['pupilId'])
export class Enrolment {
  @IdColumn() id: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) pupilId: string;
  @RefColumn({ references: 'school_class', onDelete: 'CASCADE' }) classId: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @InstantColumn() startedAt: Date;
  @InstantColumn({ nullable: true }) endedAt: Date | null;
}
