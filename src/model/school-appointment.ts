import { Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/** The roles an appointment may give: head of school, or staff (an admin assistant). */
export const APPOINTMENT_ROLES = ['director', 'staff'] as const;
export type AppointmentRole = (typeof APPOINTMENT_ROLES)[number];

/**
 * A way for someone whose account nobody knows yet to become director (or staff) of a school:
 * either a one-time link (only its SHA-256 is kept, 7 days, single use) or the académie
 * directory key of the head of school, used by whoever signs in with it in that school.
 */
@Entity('school_appointment')
@Index('uq_school_appointment_token', ['tokenHash'], { unique: true })
@Index('ix_school_appointment_school', ['schoolId'])
@Index('ix_school_appointment_key', ['directoryKey'])
export class SchoolAppointment {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @CodeColumn() role: AppointmentRole;
  /** A link's token hash; null for a directory-key appointment. */
  @TextColumn(64, { nullable: true }) tokenHash: string | null;
  /** A directory-key appointment's key; null for a link. */
  @TextColumn(120, { nullable: true }) directoryKey: string | null;
  /** The director who appointed; null when an operator did. */
  @RefColumn({ nullable: true }) createdById: string | null;
  /** Who appointed, as the audit log names them (an operator's configuration entry, `cli`, a person). */
  @TextColumn(191) createdBy: string;
  @InstantColumn() createdAt: Date;
  /** Links expire; directory-key appointments wait until used or revoked. */
  @InstantColumn({ nullable: true }) expiresAt: Date | null;
  @InstantColumn({ nullable: true }) usedAt: Date | null;
  @RefColumn({ nullable: true }) usedById: string | null;
  @InstantColumn({ nullable: true }) revokedAt: Date | null;
}
