import { Entity, Index } from 'typeorm';
import { CodeColumn, InstantColumn, RefColumn, RefKeyColumn } from './columns.js';

/** One recipient of one message, with their receipt and their answer. */
@Entity('message_recipient')
@Index('ix_message_recipient_person', ['personId', 'messageId'])
// Engagement figures: receipts read or answered since a time, and a guardian's latest read.
@Index('ix_message_recipient_read', ['readAt', 'messageId'])
@Index('ix_message_recipient_answered', ['answeredAt', 'messageId'])
@Index('ix_message_recipient_person_read', ['personId', 'readAt'])
export class MessageRecipient {
  @RefKeyColumn({ references: 'message', onDelete: 'CASCADE' }) messageId: string;
  @RefKeyColumn({ references: 'person', onDelete: 'RESTRICT' }) personId: string;
  /** guardian, pupil or staff. */
  @CodeColumn(16) role: string;
  /** The child through whom a guardian receives the message. */
  @RefColumn({ nullable: true }) pupilId: string | null;
  @InstantColumn({ nullable: true }) deliveredAt: Date | null;
  @InstantColumn({ nullable: true }) readAt: Date | null;
  @InstantColumn({ nullable: true }) acknowledgedAt: Date | null;
  /** yes / no for requests and invitations. */
  @CodeColumn(8, { nullable: true }) answer: string | null;
  @InstantColumn({ nullable: true }) answeredAt: Date | null;
}
