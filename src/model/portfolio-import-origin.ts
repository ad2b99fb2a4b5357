import { Column, Entity, Index } from 'typeorm';
import { RefColumn, RefKeyColumn, TextColumn } from './columns.js';

/** Where an imported entry came from: its id in the archive (a second import skips it), its school and author there. */
@Entity('portfolio_import_origin')
@Index('uq_portfolio_import_origin', ['schoolId', 'pupilId', 'sourceEntryId'], { unique: true })
export class PortfolioImportOrigin {
  @RefKeyColumn({ references: 'portfolio_entry', onDelete: 'CASCADE' }) entryId: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) pupilId: string;
  @Column({ type: 'varchar', length: 64 }) sourceEntryId: string;
  /** The school where the entry was published first. */
  @TextColumn(200) sourceSchoolName: string;
  /** Who published it there, as the archive names them; null when the archive does not say. */
  @TextColumn(200, { nullable: true }) sourceAuthorName: string | null;
}
