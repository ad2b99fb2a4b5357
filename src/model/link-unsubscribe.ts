import { Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn, RefColumn } from './columns.js';

/**
 * A one-click way for a link holder to stop the e-mails, put in one notice. Only the SHA-256 of
 * its token is kept (as for share tokens); it works once.
 */
@Entity('link_unsubscribe')
@Index('ix_link_unsubscribe_created', ['createdAt'])
@Index('ix_link_unsubscribe_grant', ['grantId'])
export class LinkUnsubscribe {
  @PrimaryColumn({ type: 'varchar', length: 64 }) tokenHash: string;
  @RefColumn({ references: 'share_grant', onDelete: 'CASCADE' }) grantId: string;
  @InstantColumn() createdAt: Date;
  @InstantColumn({ nullable: true }) usedAt: Date | null;
}
