import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn, RefColumn } from './columns.js';

/**
 * The short session a QR code or personal link is exchanged for, kept apart from account sessions
 * (its own cookie and table): it can only ever show one child's portfolio. Its grant is checked on
 * every request, so a revoked code closes the sessions it opened.
 */
@Entity('share_session')
@Index('ix_share_session_grant', ['grantId'])
@Index('ix_share_session_expires', ['expiresAt'])
export class ShareSession {
  @PrimaryColumn({ type: 'varchar', length: 64 }) tokenHash: string;
  @RefColumn({ references: 'share_grant', onDelete: 'CASCADE' }) grantId: string;
  /** A personal link's session opens only once its password was given. */
  @Column({ type: 'boolean', default: false }) unlocked: boolean;
  @InstantColumn() createdAt: Date;
  @InstantColumn() expiresAt: Date;
}
