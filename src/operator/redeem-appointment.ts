import type { DataSource } from 'typeorm';
import type { Config } from '../config/schema.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError } from '../http/errors.js';
import { School } from '../model/school.js';
import type { SchoolAppointment } from '../model/school-appointment.js';
import { findAppointmentLink, spendAppointment } from './appointments.js';
import { signedInThroughSchool } from './school-identity-providers.js';

/** Who opens an appointment link: the signed-in person and how they signed in. */
export interface Appointee {
  readonly personId: string;
  readonly signInMethod: string | null;
}

/**
 * Opening an appointment link: the person signed in through the school's own identity provider
 * becomes its director (or staff). Refused, with nothing changed, when the link is unknown, used
 * or expired, the school is closed, or the sign-in came from elsewhere.
 */
export async function redeemAppointmentLink(
  dataSource: DataSource,
  config: Config,
  token: string,
  appointee: Appointee,
  now: Date,
): Promise<{ appointment: SchoolAppointment; school: School }> {
  const appointment = await findAppointmentLink(dataSource, token, now);
  const school = await dataSource.getRepository(School).findOneByOrFail({ id: appointment.schoolId });
  if (school.deactivatedAt !== null) throw new AppError('SCHOOL_DEACTIVATED');
  if (!(await signedInThroughSchool(dataSource, config, appointee.signInMethod, school))) throw new AppError('APPOINTMENT_WRONG_IDENTITY_PROVIDER');
  await runInTransaction(dataSource, (manager) => spendAppointment(manager, appointment, appointee.personId, now));
  return { appointment, school };
}
