import { Column, Entity, Index } from 'typeorm';
import { InstantColumn, RefColumn, RefKeyColumn, TextColumn } from './columns.js';

/**
 * The guardians' receipts of one message to a class or about one child, counted once: the
 * engagement figures read these rows instead of every receipt. A summary is valid as of
 * `computedAt`; a receipt read or answered later is found by its own time (indexed) and the
 * summary computed again (src/engagement/message-summaries.ts says why that stays exact).
 */
@Entity('reach_message_summary')
@Index('ix_reach_message_summary_school', ['schoolId', 'sentAt'])
export class ReachMessageSummary {
  @RefKeyColumn({ references: 'message', onDelete: 'CASCADE' }) messageId: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @RefColumn({ nullable: true }) classId: string | null;
  @RefColumn({ nullable: true }) pupilId: string | null;
  @InstantColumn() sentAt: Date;
  @Column({ type: 'int' }) receipts: number;
  @Column({ type: 'int' }) unread: number;
  /** Reads within each delay bound, cumulative, comma-separated (see read-delays.ts). */
  @TextColumn(200) readWithin: string;
  @Column({ type: 'int' }) requests: number;
  @Column({ type: 'int' }) answered: number;
  @Column({ type: 'int' }) translatedReads: number;
  @InstantColumn() computedAt: Date;
}
