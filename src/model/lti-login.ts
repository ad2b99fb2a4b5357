import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/**
 * One OIDC login initiated by a platform: the `state` (stored hashed) bound to the browser, the
 * `nonce` the id_token must carry, and when it was used. Kept in the database so that any
 * instance can finish a login another one started.
 */
@Entity('lti_login')
@Index('uq_lti_login_state', ['stateHash'], { unique: true })
@Index('uq_lti_login_nonce', ['nonce'], { unique: true })
@Index('ix_lti_login_expires', ['expiresAt'])
export class LtiLogin {
  @IdColumn() id: string;
  @TextColumn(64) stateHash: string;
  @TextColumn(64) nonce: string;
  @RefColumn({ references: 'lti_platform', onDelete: 'CASCADE' }) platformId: string;
  @Column({ type: 'text' }) targetLinkUri: string;
  /** The login initiation parameters, to start the same login again in a new window. */
  @Column({ type: 'text' }) loginParamsJson: string;
  /** `lti_storage_target` when the platform offered its postMessage storage. */
  @TextColumn(100, { nullable: true }) storageTarget: string | null;
  /** SHA-256 of the secret put in the platform's storage, which proves the browser when cookies are blocked. */
  @TextColumn(64, { nullable: true }) bindingHash: string | null;
  @InstantColumn() createdAt: Date;
  @InstantColumn() expiresAt: Date;
  @InstantColumn({ nullable: true }) usedAt: Date | null;
}
