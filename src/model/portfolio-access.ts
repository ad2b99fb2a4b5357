import { Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/** How a portfolio was opened. */
export const ACCESS_CHANNELS = ['account', 'qr', 'link'] as const;
export type AccessChannel = (typeof ACCESS_CHANNELS)[number];

/**
 * One view of a child's portfolio, shown to the child's guardians and the school. The address is
 * kept only as a coarse network (IPv4 /24, IPv6 /48), never in full; rows older than the school's
 * `accessLogRetentionDays` are deleted.
 */
@Entity('portfolio_access')
@Index('ix_portfolio_access_pupil', ['pupilId', 'at'])
@Index('ix_portfolio_access_school', ['schoolId', 'at'])
export class PortfolioAccess {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) pupilId: string;
  @CodeColumn(8) channel: AccessChannel;
  /** The account that viewed, for `account`. */
  @RefColumn({ nullable: true, references: 'person', onDelete: 'CASCADE' }) personId: string | null;
  /** The QR code or link used, for `qr` and `link`. */
  @RefColumn({ nullable: true, references: 'share_grant', onDelete: 'CASCADE' }) grantId: string | null;
  @CodeColumn(16) deviceFamily: string;
  @TextColumn(64) network: string;
  @InstantColumn() at: Date;
}
