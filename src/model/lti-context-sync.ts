import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/**
 * The last roster sync (Names and Role Provisioning) of a platform context's class, to throttle
 * the next one. Keyed by the class, which is the registration's own for that context.
 */
@Entity('lti_context_sync')
@Index('uq_lti_context_sync', ['platformId', 'classId'], { unique: true })
@Index('ix_lti_context_sync_started', ['startedAt'])
export class LtiContextSync {
  @IdColumn() id: string;
  @RefColumn({ references: 'lti_platform', onDelete: 'CASCADE' }) platformId: string;
  @TextColumn(191) contextId: string;
  @RefColumn({ references: 'school_class', onDelete: 'CASCADE' }) classId: string;
  @InstantColumn() startedAt: Date;
  @InstantColumn({ nullable: true }) finishedAt: Date | null;
  /** `synced` or `failed`. */
  @TextColumn(32, { nullable: true }) outcome: string | null;
  @Column({ type: 'text', nullable: true }) detailJson: string | null;
}
