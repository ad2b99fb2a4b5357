import type { DataSource } from 'typeorm';
import { In, IsNull } from 'typeorm';
import type { NormalizedIdentity } from '../connectors/contract.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError } from '../http/errors.js';
import { School } from '../model/school.js';
import { SchoolAppointment } from '../model/school-appointment.js';
import { spendAppointment } from './appointments.js';

/**
 * After a sign-in: when the identity carries the académie directory key an operator recorded for
 * a school's head, and the sign-in concerns that school (its connector serves it, or the identity
 * names it), the person becomes its director, once, audited. A pupil's key never appoints anyone.
 * Returns the ids of the schools they were appointed to.
 */
export async function redeemDirectoryKeyAppointments(
  dataSource: DataSource,
  identity: NormalizedIdentity,
  connectorSchools: readonly string[],
  personId: string,
  now: Date,
): Promise<string[]> {
  const keys = (identity.directoryKeys ?? []).filter((key) => key.kind !== 'pupil').map((key) => key.key);
  if (keys.length === 0) return [];
  const waiting = await dataSource.getRepository(SchoolAppointment).findBy({ directoryKey: In(keys), usedAt: IsNull(), revokedAt: IsNull() });
  if (waiting.length === 0) return [];
  const uais = new Set(connectorSchools);
  const ids = new Set<string>();
  for (const { school } of identity.schools) {
    if ('uai' in school) uais.add(school.uai);
    else ids.add(school.schoolId);
  }
  const schools = await dataSource.getRepository(School).findBy({ id: In(waiting.map((appointment) => appointment.schoolId)), deactivatedAt: IsNull() });
  const concerned = new Set(schools.filter((school) => uais.has(school.uai) || ids.has(school.id)).map((school) => school.id));
  const appointed: string[] = [];
  for (const appointment of waiting.filter((row) => concerned.has(row.schoolId))) {
    try {
      await runInTransaction(dataSource, (manager) => spendAppointment(manager, appointment, personId, now));
      appointed.push(appointment.schoolId);
    } catch (error) {
      // Another sign-in with the same key won the race: the sign-in itself goes on.
      if (!(error instanceof AppError && error.code === 'APPOINTMENT_LINK_USED')) throw error;
    }
  }
  return appointed;
}
