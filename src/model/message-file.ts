import { Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn } from './columns.js';
import { StoredItem } from './stored-item.js';

/**
 * A file or voice recording uploaded to be attached to a message, stored by the media pipeline.
 * It is attached once sent (`message_attachment` links it to each message, one per guardian when
 * written separately); one never sent is removed after a day.
 */
@Entity('message_file')
@Index('ix_message_file_uploader', ['uploadedById', 'createdAt'])
export class MessageFile extends StoredItem {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) uploadedById: string;
  @InstantColumn({ nullable: true }) attachedAt: Date | null;
  @InstantColumn() createdAt: Date;
}
