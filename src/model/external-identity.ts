import { Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/**
 * An account elsewhere (ENT, EduConnect, LTI platform) that signs in as a person: the pair
 * issuer + subject is unique; a person may have several.
 */
@Entity('external_identity')
@Index('uq_external_identity', ['issuer', 'subject'], { unique: true })
@Index('ix_external_identity_person', ['personId'])
export class ExternalIdentity {
  @IdColumn() id: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) personId: string;
  @TextColumn(191) issuer: string;
  @TextColumn(191) subject: string;
  /** The configured connector that vouched for it. */
  @CodeColumn(64, { nullable: true }) connectorId: string | null;
  @InstantColumn() createdAt: Date;
  @InstantColumn({ nullable: true }) lastSeenAt: Date | null;
}
