import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/**
 * A deep-linking request waiting for the teacher's choice. The picker's form carries a one-time
 * token (stored hashed), so it works inside an iframe even where cookies are blocked.
 */
@Entity('lti_deep_link_request')
@Index('uq_lti_deep_link_token', ['tokenHash'], { unique: true })
@Index('ix_lti_deep_link_expires', ['expiresAt'])
export class LtiDeepLinkRequest {
  @IdColumn() id: string;
  @TextColumn(64) tokenHash: string;
  @RefColumn({ references: 'lti_platform', onDelete: 'CASCADE' }) platformId: string;
  @TextColumn(191) deploymentId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) personId: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  /** The class of the launch's context, when there was one. */
  @RefColumn({ nullable: true }) classId: string | null;
  @Column({ type: 'text' }) returnUrl: string;
  /** The platform's opaque `data`, echoed back unchanged. */
  @Column({ type: 'text', nullable: true }) data: string | null;
  @Column({ type: 'boolean', default: false }) acceptMultiple: boolean;
  /** Language of the titles given to the placed items. */
  @CodeColumn(16) language: string;
  @InstantColumn() createdAt: Date;
  @InstantColumn() expiresAt: Date;
  @InstantColumn({ nullable: true }) usedAt: Date | null;
}
