import { Column } from 'typeorm';
import { CodeColumn, TextColumn } from './columns.js';

/** What a medium is, decided from its bytes. */
export const MEDIUM_KINDS = ['photo', 'video', 'audio', 'document'] as const;
export type MediumKind = (typeof MEDIUM_KINDS)[number];

/**
 * What the media pipeline stored for one file, as portfolio media and message files both keep it
 * (the migrations' `storedItemColumns`): its kind and type, a clean download name, its sizes and
 * dimensions, and the storage keys of its renditions.
 */
export abstract class StoredItem {
  @CodeColumn(16) kind: MediumKind;
  @TextColumn(100) mimeType: string;
  /** A clean name for downloads (`photo-3.jpg`), never the uploaded file's path. */
  @TextColumn(120) fileName: string;
  @Column({ type: 'bigint' }) bytes: string;
  /** Every stored rendition together, counted against the school's quota. */
  @Column({ type: 'bigint' }) storedBytes: string;
  @Column({ type: 'int', nullable: true }) width: number | null;
  @Column({ type: 'int', nullable: true }) height: number | null;
  @TextColumn(200) originalKey: string;
  @TextColumn(200, { nullable: true }) screenKey: string | null;
  @TextColumn(200, { nullable: true }) thumbnailKey: string | null;
}
