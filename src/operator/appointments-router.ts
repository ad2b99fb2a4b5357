import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { AppError, notFound } from '../http/errors.js';
import { parseInput } from '../http/parse-input.js';
import { schoolParams } from '../http/route-params.js';
import { validated } from '../http/validated.js';
import { School } from '../model/school.js';
import { APPOINTMENT_ROLES } from '../model/school-appointment.js';
import { can } from '../policy/index.js';
import type { OperatorAgent } from './agent.js';
import { appointmentHistory } from './appointment-history.js';
import { appointmentPath, APPOINTMENT_LIFETIME_MS, createAppointmentLink, findAppointmentLink } from './appointments.js';
import { redeemAppointmentLink } from './redeem-appointment.js';
import { signedInThroughSchool } from './school-identity-providers.js';
import { schoolOverviews } from './school-overview.js';

const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
const roleInput = z.object({ role: z.enum(APPOINTMENT_ROLES) });

/**
 * Appointment links. `/appointments/:token`: whoever signed in through the school's own identity
 * provider confirms, and becomes its director (or staff). `/schools/:id/appointments`: in the
 * school's settings, a director creates a link for a second director or an admin assistant.
 */
export function createAppointmentsRouter(context: ModuleContext): Router {
  const router = Router();
  const { dataSource, clock, config } = context;
  const signedIn = requireSignIn(dataSource, clock);

  /** Refuses a token that is unknown, used, expired, for a closed school, or opened from another school's sign-in. */
  const openable = async (req: Request) => {
    const parsed = tokenParams.safeParse(req.params);
    if (!parsed.success) throw new AppError('APPOINTMENT_LINK_INVALID');
    const { token } = parsed.data;
    const appointment = await findAppointmentLink(dataSource, token, clock.now());
    const school = await dataSource.getRepository(School).findOneByOrFail({ id: appointment.schoolId });
    if (school.deactivatedAt !== null) throw new AppError('SCHOOL_DEACTIVATED');
    if (!(await signedInThroughSchool(dataSource, config, req.ecarnetSession?.signInMethod ?? null, school))) {
      throw new AppError('APPOINTMENT_WRONG_IDENTITY_PROVIDER');
    }
    return { token, appointment, school };
  };

  router.get('/appointments/:token', signedIn, async (req, res) => {
    const { appointment, school } = await openable(req);
    res.set('Cache-Control', 'private, no-store').render('appointments/confirm', {
      title: req.t('appointments.confirmTitle'),
      schoolName: school.name,
      role: req.t(`operator.roles.${appointment.role}`),
      action: req.originalUrl,
    });
  });

  router.post('/appointments/:token', signedIn, async (req, res) => {
    const { token } = await openable(req);
    const { appointment, school } = await redeemAppointmentLink(
      dataSource,
      config,
      token,
      { personId: actorOf(req).personId, signInMethod: req.ecarnetSession?.signInMethod ?? null },
      clock.now(),
    );
    res.set('Cache-Control', 'private, no-store').render('appointments/done', {
      title: req.t('appointments.doneTitle'),
      schoolName: school.name,
      role: req.t(`operator.roles.${appointment.role}`),
    });
  });

  const authorise = (req: Request, schoolId: string) => {
    if (!can(actorOf(req), 'update', { kind: 'schoolSettings', schoolId })) throw notFound();
  };

  const renderSchool = async (req: Request, res: Response, schoolId: string, extra: Record<string, unknown> = {}) => {
    const now = clock.now();
    const [school] = await schoolOverviews(dataSource, now, schoolId);
    if (!school) throw notFound();
    res.set('Cache-Control', 'private, no-store').render('appointments/school', {
      title: req.t('appointments.schoolTitle'),
      school,
      appointments: await appointmentHistory(dataSource, schoolId, now),
      roles: APPOINTMENT_ROLES.map((role) => ({ value: role, label: req.t(`operator.roles.${role}`) })),
      ...extra,
    });
  };

  router.get('/schools/:schoolId/appointments', signedIn, validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    authorise(req, schoolId);
    await renderSchool(req, res, schoolId);
  }));

  router.post('/schools/:schoolId/appointments', signedIn, validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    authorise(req, schoolId);
    const { role } = parseInput(roleInput, req.body);
    const person = req.ecarnetSession?.person;
    const agent: OperatorAgent = { label: person ? `${person.givenName} ${person.familyName}`.trim() : 'director', personId: actorOf(req).personId };
    const token = await createAppointmentLink(dataSource, schoolId, role, agent, clock.now());
    await renderSchool(req, res, schoolId, {
      link: { url: `${config.baseUrl}${appointmentPath(token)}`, days: APPOINTMENT_LIFETIME_MS / 86_400_000, role: req.t(`operator.roles.${role}`) },
    });
  }));

  return router;
}
