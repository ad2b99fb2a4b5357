import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/**
 * A skill of a school's framework, grouped by domain and cycle (cycle 1 learning domains, the
 * LSU domains of cycles 2 and 3). Shipped with the national defaults, edited by the school;
 * an archived skill keeps its evidence but is offered no more.
 */
@Entity('skill')
@Index('ix_skill_school', ['schoolId', 'cycle', 'position'])
export class Skill {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @Column({ type: 'smallint' }) cycle: number;
  @CodeColumn(64) domainCode: string;
  @TextColumn(200) domainLabel: string;
  @TextColumn(300) label: string;
  @Column({ type: 'int' }) position: number;
  @InstantColumn({ nullable: true }) archivedAt: Date | null;
}
