import { Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn } from './columns.js';
import type { SchoolRole } from './roles.js';

/** One role of one person in one school, for a period (ended when the person leaves). */
@Entity('school_membership')
@Index('uq_school_membership', ['personId', 'schoolId', 'role'], { unique: true })
@Index('ix_school_membership_school', ['schoolId', 'role'])
export class SchoolMembership {
  @IdColumn() id: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) personId: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @CodeColumn() role: SchoolRole;
  /** For staff: cpe, atsem, secretary…; free text kept short. */
  @CodeColumn(64, { nullable: true }) staffFunction: string | null;
  @InstantColumn() startedAt: Date;
  /** Set when the person leaves; retention counts from here. */
  @InstantColumn({ nullable: true }) endedAt: Date | null;
}
