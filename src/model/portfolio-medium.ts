import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/** What a medium is, decided from its bytes. */
export const MEDIUM_KINDS = ['photo', 'video', 'audio', 'document'] as const;
export type MediumKind = (typeof MEDIUM_KINDS)[number];

/**
 * A photo, video, sound or PDF of an entry, as stored by the media pipeline. Uploaded media wait
 * without an entry for a short while (the teacher is still writing); unattached ones are removed.
 */
@Entity('portfolio_medium')
@Index('ix_portfolio_medium_entry', ['entryId', 'position'])
@Index('ix_portfolio_medium_school', ['schoolId', 'createdAt'])
export class PortfolioMedium {
  @IdColumn() id: string;
  @RefColumn() schoolId: string;
  @RefColumn() classId: string;
  @RefColumn({ nullable: true }) entryId: string | null;
  @RefColumn() uploadedById: string;
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
  /**
   * The teacher has said who appears (possibly nobody). A photo or video whose people were not
   * reviewed cannot be published: image rights depend on it.
   */
  @Column({ type: 'boolean' }) peopleReviewed: boolean;
  @Column({ type: 'int' }) position: number;
  @InstantColumn() createdAt: Date;
}
