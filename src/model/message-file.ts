import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';
import type { MediumKind } from './portfolio-medium.js';

/**
 * A file or voice recording uploaded to be attached to a message, stored by the media pipeline.
 * It is attached once sent (`message_attachment` links it to each message, one per guardian when
 * written separately); one never sent is removed after a day.
 */
@Entity('message_file')
@Index('ix_message_file_uploader', ['uploadedById', 'createdAt'])
export class MessageFile {
  @IdColumn() id: string;
  @RefColumn() schoolId: string;
  @RefColumn() uploadedById: string;
  @CodeColumn(16) kind: MediumKind;
  @TextColumn(100) mimeType: string;
  @TextColumn(120) fileName: string;
  @Column({ type: 'bigint' }) bytes: string;
  @Column({ type: 'bigint' }) storedBytes: string;
  @Column({ type: 'int', nullable: true }) width: number | null;
  @Column({ type: 'int', nullable: true }) height: number | null;
  @TextColumn(200) originalKey: string;
  @TextColumn(200, { nullable: true }) screenKey: string | null;
  @TextColumn(200, { nullable: true }) thumbnailKey: string | null;
  @InstantColumn({ nullable: true }) attachedAt: Date | null;
  @InstantColumn() createdAt: Date;
}
