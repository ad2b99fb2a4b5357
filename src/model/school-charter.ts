import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, RefKeyColumn } from './columns.js';

/**
 * The school's communication charter as its director wrote it. Bracketed markers in the text
 * ([horaires], [créneaux], [délai de réponse]) are replaced by the school's settings when it is
 * read, so the charter cannot say something the settings do not do.
 */
@Entity('school_charter')
export class SchoolCharter {
  @RefKeyColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @Column({ type: 'text' }) body: string;
  /** The language it was written in, for translation. */
  @CodeColumn(12) language: string;
  /** Raised on every change: families acknowledge a version. */
  @Column({ type: 'int' }) version: number;
  @RefColumn({ nullable: true }) updatedBy: string | null;
  @InstantColumn() updatedAt: Date;
}

/** A guardian read and acknowledged this version of the school's charter. */
@Entity('charter_acknowledgement')
@Index('ux_charter_acknowledgement', ['schoolId', 'guardianId', 'version'], { unique: true })
export class CharterAcknowledgement {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) guardianId: string;
  @Column({ type: 'int' }) version: number;
  @InstantColumn() acknowledgedAt: Date;
}
