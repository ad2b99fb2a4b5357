import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn } from './columns.js';

/** A teacher teaches a class (the professeur principal is its main teacher), for a period. */
@Entity('teaching_assignment')
@Index('ix_teaching_assignment_teacher', ['teacherId'])
@Index('ix_teaching_assignment_class', ['classId'])
export class TeachingAssignment {
  @IdColumn() id: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) teacherId: string;
  @RefColumn({ references: 'school_class', onDelete: 'CASCADE' }) classId: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @Column({ type: 'boolean', default: false }) isMainTeacher: boolean;
  @InstantColumn() startedAt: Date;
  @InstantColumn({ nullable: true }) endedAt: Date | null;
}
