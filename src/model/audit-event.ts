import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn } from './columns.js';

/** Who did what to which record, when. Never updated; kept without foreign keys so it outlives its subjects. */
@Entity('audit_event')
@Index('ix_audit_event_school', ['schoolId', 'at'])
@Index('ix_audit_event_subject', ['subjectKind', 'subjectId'])
export class AuditEvent {
  @IdColumn() id: string;
  @RefColumn({ nullable: true }) schoolId: string | null;
  @RefColumn({ nullable: true }) actorId: string | null;
  /** e.g. guardianship.statusChanged, imageConsent.recorded, session.signedIn. */
  @CodeColumn(64) action: string;
  @CodeColumn(32) subjectKind: string;
  @RefColumn({ nullable: true }) subjectId: string | null;
  /** JSON details (before/after values); never a secret. */
  @Column({ type: 'text' }) detailJson: string;
  @InstantColumn() at: Date;
}
