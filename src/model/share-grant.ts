import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/** What a share grant is: a child's QR code (printed by the school) or a guardian's personal link. */
export const SHARE_GRANT_KINDS = ['qr', 'link'] as const;
export type ShareGrantKind = (typeof SHARE_GRANT_KINDS)[number];

/**
 * A way into one child's published portfolio without an account. Only the SHA-256 of its token is
 * kept: a copy of the table opens nothing, and a sheet lost is replaced, not reprinted.
 */
@Entity('share_grant')
@Index('ux_share_grant_token', ['tokenHash'], { unique: true })
@Index('ix_share_grant_pupil', ['pupilId', 'kind'])
export class ShareGrant {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) pupilId: string;
  @CodeColumn(8) kind: ShareGrantKind;
  @Column({ type: 'varchar', length: 64 }) tokenHash: string;
  /** Argon2id hash of a personal link's password; null for a QR code. */
  @TextColumn(200, { nullable: true }) passwordHash: string | null;
  /** Who the guardian gave a personal link to ("Grand-mère"), shown in the history. */
  @TextColumn(80, { nullable: true }) label: string | null;
  /** Language of the family, for the printed sheet's second language. */
  @CodeColumn(16, { nullable: true }) language: string | null;
  /** The holder asked to be told of new publications, at this address. */
  @TextColumn(254, { nullable: true }) notifyEmail: string | null;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) createdById: string;
  @InstantColumn() createdAt: Date;
  @InstantColumn() expiresAt: Date;
  @InstantColumn({ nullable: true }) revokedAt: Date | null;
  @RefColumn({ nullable: true }) revokedById: string | null;
}
