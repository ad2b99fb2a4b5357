import { Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn, RefKeyColumn } from './columns.js';

/** A quick reaction of a person to a message (one of each kind per person). */
@Entity('message_reaction')
export class MessageReaction {
  @RefKeyColumn({ references: 'message', onDelete: 'CASCADE' }) messageId: string;
  @RefKeyColumn({ references: 'person', onDelete: 'RESTRICT' }) personId: string;
  @PrimaryColumn({ type: 'varchar', length: 16 }) reaction: string;
  @InstantColumn() createdAt: Date;
}
