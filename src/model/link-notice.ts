import { Entity, Index } from 'typeorm';
import { IdColumn, RefColumn } from './columns.js';
import { OutboxRow, type OutboxStatus } from './outbox-row.js';

/**
 * pending until handed to the SMTP server (sent), given up after the last retry (failed), or
 * dropped because the link is no longer live, the school forbids links or the holder unsubscribed
 * (cancelled).
 */
export type LinkNoticeStatus = OutboxStatus;

/**
 * "This link's holder is to be told that this entry was published": one row per personal link and
 * entry, whatever the number of scans or workers, which the unique index guarantees. Rows of one
 * link due together go out as one e-mail. A table of its own rather than `notification_job`:
 * those jobs belong to a message and a person, and a link holder is neither.
 */
@Entity('link_notice')
@Index('ux_link_notice_grant_entry', ['grantId', 'entryId'], { unique: true })
@Index('ix_link_notice_due', ['status', 'notBefore'])
export class LinkNotice extends OutboxRow {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @RefColumn({ references: 'share_grant', onDelete: 'CASCADE' }) grantId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) pupilId: string;
  @RefColumn({ references: 'portfolio_entry', onDelete: 'CASCADE' }) entryId: string;
}
