import { Entity, PrimaryColumn } from 'typeorm';
import { CodeColumn, InstantColumn, RefColumn } from './columns.js';

/** One recipient of one message, with their receipt and their answer. */
@Entity('message_recipient')
export class MessageRecipient {
  @PrimaryColumn({ type: 'varchar', length: 36 }) messageId: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) personId: string;
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
