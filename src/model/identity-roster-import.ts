import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/** A roster import is previewed first; it changes the school only once applied. */
type RosterImportStatus = 'previewed' | 'applied';

/**
 * A school's pupil-records export (ONDE, SIECLE) uploaded by its director: kept between the
 * preview and its application, so that what is applied is exactly what was shown, on whichever
 * instance the confirmation lands.
 */
@Entity('roster_import')
@Index('ix_roster_import_school', ['schoolId', 'createdAt'])
export class RosterImport {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @CodeColumn(64) connectorId: string;
  @CodeColumn(32) preset: string;
  @TextColumn(200) fileName: string;
  /** The file as text (decoded from UTF-8 or Windows-1252). */
  @Column({ type: 'text' }) content: string;
  /** SHA-256 of the plan when the file was uploaded (each preview shows, and applying checks, the plan of that moment). */
  @CodeColumn(64) contentDigest: string;
  @CodeColumn(16) status: RosterImportStatus;
  @Column({ type: 'text', nullable: true }) summaryJson: string | null;
  @RefColumn({ nullable: true }) createdById: string | null;
  @InstantColumn() createdAt: Date;
  @InstantColumn({ nullable: true }) appliedAt: Date | null;
}
