import { Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from './columns.js';

/** A quick reaction of a person to a message (one of each kind per person). */
@Entity('message_reaction')
export class MessageReaction {
  @PrimaryColumn({ type: 'varchar', length: 36 }) messageId: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) personId: string;
  @PrimaryColumn({ type: 'varchar', length: 16 }) reaction: string;
  @InstantColumn() createdAt: Date;
}
