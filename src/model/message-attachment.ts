import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, RefColumn } from './columns.js';

/** A file or an audio recording attached to a message: a reference to a media item of the media pipeline. */
@Entity('message_attachment')
@Index('ix_message_attachment_message', ['messageId'])
export class MessageAttachment {
  @IdColumn() id: string;
  @RefColumn({ references: 'message', onDelete: 'CASCADE' }) messageId: string;
  @RefColumn() mediaId: string;
  /** file or audio. */
  @CodeColumn(16) kind: string;
  @Column({ type: 'smallint' }) position: number;
}
