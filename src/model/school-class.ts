import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, RefColumn, TextColumn } from './columns.js';

/** A classe (division) of one school year. Named `SchoolClass` because `Class` is taken. */
@Entity('school_class')
@Index('ix_school_class_school', ['schoolId', 'schoolYearId'])
export class SchoolClass {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @RefColumn({ references: 'school_year', onDelete: 'CASCADE' }) schoolYearId: string;
  @TextColumn(100) name: string;
  /** Level code such as PS, MS, GS, CP, CE1, CE2, CM1, CM2, 6E… (several in a mixed class). */
  @CodeColumn(32, { nullable: true }) levels: string | null;
  /** Curriculum cycle 1–4, which chooses the default skills framework. */
  @Column({ type: 'smallint', nullable: true }) cycle: number | null;
  /** The id this class has in the ENT or roster it came from, for idempotent re-imports. */
  @TextColumn(191, { nullable: true }) externalRef: string | null;
}
