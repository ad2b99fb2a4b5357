import { Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, TextColumn } from './columns.js';

/**
 * An assertion or ticket already accepted once. The pair issuer + message id is unique, so a
 * second use fails on the database's own constraint, whichever instance receives it.
 */
@Entity('identity_replay_guard')
@Index('uq_identity_replay_guard', ['issuer', 'messageId'], { unique: true })
@Index('ix_identity_replay_guard_expires', ['expiresAt'])
export class IdentityReplayGuard {
  @IdColumn() id: string;
  @TextColumn(191) issuer: string;
  /** SAML Assertion ID, CAS service ticket. */
  @TextColumn(191) messageId: string;
  @CodeColumn(16) kind: string;
  @InstantColumn() seenAt: Date;
  /** Kept until the message could no longer be valid anyway. */
  @InstantColumn() expiresAt: Date;
}
