import type { DataSource, EntityManager } from 'typeorm';
import { IsNull } from 'typeorm';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError } from '../http/errors.js';
import { updateIf } from '../lti/conditional-update.js';
import { randomSecret, sha256Hex } from '../lti/secrets.js';
import { newId } from '../model/columns.js';
import { SchoolAppointment, type AppointmentRole } from '../model/school-appointment.js';
import { SchoolMembership } from '../model/school-membership.js';
import type { OperatorAgent } from './agent.js';

/** Someone appointed has seven days to open their link. */
export const APPOINTMENT_LIFETIME_MS = 7 * 24 * 3_600_000;

/** The path of an appointment link, below the module's base URL. */
export function appointmentPath(token: string): string {
  return `/appointments/${encodeURIComponent(token)}`;
}

/** How an appointment is opened: by a one-time link's token hash, or by a directory key. */
type AppointmentWay = Pick<SchoolAppointment, 'schoolId' | 'role' | 'tokenHash' | 'directoryKey' | 'expiresAt'>;

/** Writes an appointment the operator made, with its audit record, in the caller's transaction. */
async function recordAppointment(manager: EntityManager, way: AppointmentWay, action: 'appointment.linkCreated' | 'appointment.directoryKeyRecorded', agent: OperatorAgent, now: Date): Promise<void> {
  const id = newId();
  await manager.insert(SchoolAppointment, {
    ...way,
    id,
    createdById: agent.personId,
    createdBy: agent.label,
    createdAt: now,
    usedAt: null,
    usedById: null,
    revokedAt: null,
  });
  await recordAuditEvent(manager, {
    schoolId: way.schoolId,
    actorId: agent.personId,
    action,
    subjectKind: 'schoolAppointment',
    subjectId: id,
    detail: { by: agent.label, role: way.role },
    at: now,
  });
}

/**
 * Creates a one-time appointment link for a school (256-bit token, only its SHA-256 stored,
 * seven days, single use), recorded in the school's audit log. Returns the token: shown once.
 */
export async function createAppointmentLink(dataSource: DataSource, schoolId: string, role: AppointmentRole, agent: OperatorAgent, now: Date): Promise<string> {
  const token = randomSecret();
  const expiresAt = new Date(now.getTime() + APPOINTMENT_LIFETIME_MS);
  await runInTransaction(dataSource, (manager) =>
    recordAppointment(manager, { schoolId, role, tokenHash: sha256Hex(token), directoryKey: null, expiresAt }, 'appointment.linkCreated', agent, now),
  );
  return token;
}

/**
 * Records the académie directory key of a school's head: whoever signs in with that key through
 * an identity provider of that school becomes its director. A key already waiting for the school
 * is refused (APPOINTMENT_KEY_TAKEN).
 */
export async function createDirectoryKeyAppointment(dataSource: DataSource, schoolId: string, directoryKey: string, agent: OperatorAgent, now: Date): Promise<void> {
  const key = directoryKey.trim();
  if (key === '' || key.length > 120) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'directoryKey', problem: 'invalidFormat' }] });
  await runInTransaction(dataSource, async (manager) => {
    if (await manager.existsBy(SchoolAppointment, { schoolId, directoryKey: key, usedAt: IsNull(), revokedAt: IsNull() })) {
      throw new AppError('APPOINTMENT_KEY_TAKEN');
    }
    await recordAppointment(manager, { schoolId, role: 'director', tokenHash: null, directoryKey: key, expiresAt: null }, 'appointment.directoryKeyRecorded', agent, now);
  });
}

/**
 * Gives `role` in the school to the person, from now: a role they held and lost is opened again,
 * one they hold is left as it is.
 */
export async function grantSchoolRole(manager: EntityManager, schoolId: string, personId: string, role: AppointmentRole, now: Date): Promise<void> {
  const existing = await manager.findOneBy(SchoolMembership, { schoolId, personId, role });
  if (!existing) {
    await manager.insert(SchoolMembership, { id: newId(), schoolId, personId, role, staffFunction: null, startedAt: now, endedAt: null });
  } else if (existing.endedAt !== null || existing.startedAt.getTime() > now.getTime()) {
    await manager.update(SchoolMembership, { id: existing.id }, { startedAt: now, endedAt: null });
  }
}

/** The appointment a link's token names, refused with its own code when unknown, used, revoked or expired. */
export async function findAppointmentLink(runner: DataSource | EntityManager, token: string, now: Date): Promise<SchoolAppointment> {
  const appointment = await runner.getRepository(SchoolAppointment).findOneBy({ tokenHash: sha256Hex(token) });
  if (!appointment || appointment.revokedAt !== null) throw new AppError('APPOINTMENT_LINK_INVALID');
  if (appointment.usedAt !== null) throw new AppError('APPOINTMENT_LINK_USED');
  if (appointment.expiresAt === null || appointment.expiresAt.getTime() <= now.getTime()) throw new AppError('APPOINTMENT_LINK_EXPIRED');
  return appointment;
}

/**
 * Spends an appointment for a person and gives them its role, audited, all in one transaction.
 * Of two people racing for the same link, one wins; the other gets APPOINTMENT_LINK_USED.
 */
export async function spendAppointment(manager: EntityManager, appointment: SchoolAppointment, personId: string, now: Date): Promise<void> {
  const spent = await updateIf(manager, SchoolAppointment, { usedAt: now, usedById: personId }, 'id = :id AND usedAt IS NULL AND revokedAt IS NULL', { id: appointment.id });
  if (!spent) throw new AppError('APPOINTMENT_LINK_USED');
  await grantSchoolRole(manager, appointment.schoolId, personId, appointment.role, now);
  await recordAuditEvent(manager, {
    schoolId: appointment.schoolId,
    actorId: personId,
    action: 'appointment.used',
    subjectKind: 'schoolAppointment',
    subjectId: appointment.id,
    detail: { role: appointment.role, personId, appointedBy: appointment.createdBy },
    at: now,
  });
}
