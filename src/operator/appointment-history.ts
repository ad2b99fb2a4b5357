import type { DataSource } from 'typeorm';
import { APPOINTMENT_ROLES, type AppointmentRole } from '../model/school-appointment.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** One appointment of a school as its operator and directors see it: by whom, and who used it. */
export interface AppointmentRecord {
  readonly role: AppointmentRole;
  readonly by: string;
  readonly way: 'link' | 'directoryKey';
  readonly createdAt: Date;
  readonly state: 'waiting' | 'used' | 'expired' | 'revoked';
  /** Who became director (or staff) through it. */
  readonly usedByName: string | null;
  readonly usedAt: Date | null;
}

const readAppointmentRow = rowReader({
  role: column.oneOf(APPOINTMENT_ROLES),
  createdBy: column.text,
  tokenHash: column.nullableText,
  createdAt: column.instant,
  expiresAt: column.nullableInstant,
  usedAt: column.nullableInstant,
  revokedAt: column.nullableInstant,
  givenName: column.nullableText,
  familyName: column.nullableText,
});

/** The school's appointments, newest first. */
export async function appointmentHistory(dataSource: DataSource, schoolId: string, now: Date): Promise<AppointmentRecord[]> {
  const rows = await queryRows(dataSource, readAppointmentRow, `SELECT a.role AS role, a.createdBy AS createdBy, a.tokenHash AS tokenHash, a.createdAt AS createdAt, a.expiresAt AS expiresAt,
            a.usedAt AS usedAt, a.revokedAt AS revokedAt, p.givenName AS givenName, p.familyName AS familyName
       FROM school_appointment a LEFT JOIN person p ON p.id = a.usedById
      WHERE a.schoolId = ? ORDER BY a.createdAt DESC`,
    [schoolId]);
  return rows.map((row) => {
    const usedAt = row.usedAt === null ? null : row.usedAt;
    const expired = row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime();
    const state = usedAt ? 'used' : row.revokedAt !== null ? 'revoked' : expired ? 'expired' : 'waiting';
    return {
      role: row.role,
      by: row.createdBy,
      way: row.tokenHash === null ? 'directoryKey' : 'link',
      createdAt: row.createdAt,
      state,
      usedByName: row.givenName === null ? null : `${row.givenName} ${row.familyName ?? ''}`.trim(),
      usedAt,
    };
  });
}
