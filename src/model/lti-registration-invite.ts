import { Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/**
 * A one-time dynamic-registration link a head of school hands to the ENT administrator: the
 * platform registered through it serves that school.
 */
@Entity('lti_registration_invite')
@Index('uq_lti_registration_invite', ['tokenHash'], { unique: true })
@Index('ix_lti_registration_invite_school', ['schoolId'])
@Index('ix_lti_registration_invite_expires', ['expiresAt'])
export class LtiRegistrationInvite {
  @IdColumn() id: string;
  @TextColumn(64) tokenHash: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) createdById: string;
  @InstantColumn() createdAt: Date;
  @InstantColumn() expiresAt: Date;
  @InstantColumn({ nullable: true }) usedAt: Date | null;
  @RefColumn({ nullable: true }) platformId: string | null;
}
