import { Column, Entity, Index } from 'typeorm';
import { CalendarDateColumn, CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';
import type {
  GuardianshipApproval,
  GuardianshipSource,
  GuardianshipStatus,
  LegalBasisKind,
} from './roles.js';

/**
 * The link between a legal guardian and a child, in one school, for a period. A change of status
 * (a court decision) closes the current row and opens a new one, so the history stays readable
 * and a decision dated in the future takes effect on its own date.
 */
@Entity('guardianship')
@Index('ix_guardianship_guardian', ['guardianId'])
@Index('ix_guardianship_child', ['childId'])
@Index('ix_guardianship_school', ['schoolId'])
export class Guardianship {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) guardianId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) childId: string;
  @CodeColumn(16) status: GuardianshipStatus;
  /** Pending unless said otherwise: a link nobody approved gives nothing. */
  @CodeColumn(16, { default: 'pending' }) approval: GuardianshipApproval;
  @CodeColumn(16) source: GuardianshipSource;
  /** Responsable légal 1 or 2 in the school's records, when known. */
  @Column({ type: 'smallint', nullable: true }) guardianRank: number | null;
  /** mother, father, guardian, childWelfare, other. */
  @CodeColumn(32, { nullable: true }) relationship: string | null;
  @CodeColumn(16, { nullable: true }) legalBasisKind: LegalBasisKind | null;
  /** The reference of the decision or document (court, case number), seen by the director only. */
  @TextColumn(200, { nullable: true }) legalBasisReference: string | null;
  @CalendarDateColumn({ nullable: true }) legalBasisDate: string | null;
  @InstantColumn() effectiveFrom: Date;
  @InstantColumn({ nullable: true }) effectiveTo: Date | null;
  @RefColumn({ nullable: true }) recordedById: string | null;
  @InstantColumn() createdAt: Date;
}
