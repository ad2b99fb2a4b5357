import { Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/** What the team did to reach a family: printed the news, called, gave the QR sheet again, met. */
export const REACH_ACTIONS = ['print', 'call', 'qrSheet', 'meet'] as const;
export type ReachAction = (typeof REACH_ACTIONS)[number];

/**
 * One action taken to reach a guardian whom e-carnet does not reach, recorded by a teacher or the
 * director so the team does not call the same parent twice, and sees what was already tried.
 */
@Entity('reach_action')
@Index('ix_reach_action_school', ['schoolId', 'guardianId', 'at'])
export class ReachActionRecord {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) guardianId: string;
  /** The class through which the guardian was on the list. */
  @RefColumn({ references: 'school_class', onDelete: 'CASCADE' }) classId: string;
  @CodeColumn(16) action: ReachAction;
  /** A short note ("rappeler jeudi"); never required. */
  @TextColumn(200, { nullable: true }) note: string | null;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) recordedById: string;
  @InstantColumn() at: Date;
}
