import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/**
 * pending until handed to the SMTP server (sent), given up after the last retry (failed), or
 * dropped because the link is no longer live, the school forbids links or the holder unsubscribed
 * (cancelled).
 */
export type LinkNoticeStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

/**
 * "This link's holder is to be told that this entry was published": one row per personal link and
 * entry, whatever the number of scans or workers, which the unique index guarantees. Rows of one
 * link due together go out as one e-mail. A table of its own rather than `notification_job`:
 * those jobs belong to a message and a person, and a link holder is neither.
 */
@Entity('link_notice')
@Index('ux_link_notice_grant_entry', ['grantId', 'entryId'], { unique: true })
@Index('ix_link_notice_due', ['status', 'notBefore'])
export class LinkNotice {
  @IdColumn() id: string;
  @RefColumn() schoolId: string;
  @RefColumn() grantId: string;
  @RefColumn() pupilId: string;
  @RefColumn() entryId: string;
  @CodeColumn(12) status: LinkNoticeStatus;
  /** Not before the school's notification hours allow, nor before a retry's backoff ends. */
  @InstantColumn() notBefore: Date;
  @Column({ type: 'int', default: 0 }) attempts: number;
  @TextColumn(300, { nullable: true }) lastError: string | null;
  @RefColumn({ nullable: true }) lockedBy: string | null;
  @InstantColumn({ nullable: true }) lockedUntil: Date | null;
  @InstantColumn({ nullable: true }) sentAt: Date | null;
  @InstantColumn() createdAt: Date;
}
