import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { RefColumn } from './columns.js';

/** The id an imported entry had in the archive it came from, so a second import skips it. */
@Entity('portfolio_import_origin')
@Index('uq_portfolio_import_origin', ['schoolId', 'pupilId', 'sourceEntryId'], { unique: true })
export class PortfolioImportOrigin {
  @PrimaryColumn({ type: 'varchar', length: 36 }) entryId: string;
  @RefColumn() schoolId: string;
  @RefColumn() pupilId: string;
  @Column({ type: 'varchar', length: 64 }) sourceEntryId: string;
}
