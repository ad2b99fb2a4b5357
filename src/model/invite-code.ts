import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn } from './columns.js';

/**
 * A one-time code a teacher gives a parent so that their existing account is proposed as the
 * child's guardian; the school approves the proposal. Only the code's SHA-256 is stored.
 */
@Entity('invite_code')
@Index('ux_invite_code_hash', ['codeHash'], { unique: true })
@Index('ix_invite_code_pupil', ['pupilId'])
export class InviteCode {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) pupilId: string;
  @Column({ type: 'varchar', length: 64 }) codeHash: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) createdById: string;
  @InstantColumn() createdAt: Date;
  @InstantColumn() expiresAt: Date;
  @InstantColumn({ nullable: true }) usedAt: Date | null;
  @RefColumn({ nullable: true }) usedById: string | null;
}
