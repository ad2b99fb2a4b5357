import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { wantsJson } from '../http/negotiation.js';
import { schoolParams } from '../http/route-params.js';
import { validated } from '../http/validated.js';
import { SCHOOL_KINDS } from '../model/school.js';
import { APPOINTMENT_ROLES } from '../model/school-appointment.js';
import { can } from '../policy/index.js';
import type { OperatorAgent } from './agent.js';
import { appointmentPath, APPOINTMENT_LIFETIME_MS, createAppointmentLink } from './appointments.js';
import { appointmentHistory } from './appointment-history.js';
import { connectedEnts, consoleHealth } from './console-facts.js';
import { createSchool } from './create-school.js';
import { removeSchoolRole } from './directors.js';
import { findSchool } from './find-school.js';
import { operatorByKey, operatorLabel } from './operators.js';
import { setSchoolOpen } from './school-activation.js';
import { schoolOverviews } from './school-overview.js';

const OPERATOR_STYLESHEETS: readonly string[] = ['/static/operator.css'];

const newSchoolInput = z.object({
  uai: z.string().max(20),
  name: z.string().max(300),
  kind: z.string().max(40),
  timezone: z.string().max(64).optional(),
  cycles: z.string().max(20).optional(),
});
const leaderParams = z.object({ schoolId: z.uuid(), personId: z.uuid() });
const roleInput = z.object({ role: z.enum(APPOINTMENT_ROLES) });

/** Codes a school form shows beside the form rather than on an error page. */
const FORM_CODES = new Set([
  'SCHOOL_UAI_MALFORMED',
  'SCHOOL_UAI_CHECK_LETTER_WRONG',
  'SCHOOL_UAI_TAKEN',
  'SCHOOL_NAME_INVALID',
  'SCHOOL_KIND_UNKNOWN',
  'SCHOOL_TIMEZONE_UNKNOWN',
  'SCHOOL_CYCLES_INVALID',
]);

/**
 * `/operator`: the pages of the people who run the deployment, named in the configuration. They
 * list schools with counts (never a child's name, photo or message), directors, connected ENTs
 * and health, and let the operator create a school, close or reopen it, create a director's
 * appointment link (shown once) and remove a director. Every action is audited. Access is the
 * policy's `operatorConsole`: an operator's session, nobody else (OPERATOR_REQUIRED).
 */
export function createOperatorRouter(context: ModuleContext): Router {
  const router = Router();
  const { dataSource, clock, config } = context;
  const operatorSignedIn = requireSignIn(dataSource, clock, { operatorConsole: true });

  const agentOf = (req: Request): OperatorAgent => {
    const entry = operatorByKey(config.operators, req.ecarnetSession?.operatorKey ?? null);
    return { label: entry ? operatorLabel(entry) : 'operator', personId: actorOf(req).personId };
  };
  const authorise = (req: Request, action: 'view' | 'manageSchools') => {
    if (!can(actorOf(req), action, { kind: 'operatorConsole' })) throw new AppError('OPERATOR_REQUIRED');
  };
  // Mounted before the input checks: someone who is not an operator learns nothing about the input.
  const allowed = (action: 'view' | 'manageSchools'): RequestHandler => (req, _res, next) => {
    authorise(req, action);
    next();
  };
  const noStore = (res: Response) => res.set('Cache-Control', 'private, no-store');

  const renderConsole = async (req: Request, res: Response, extra: Record<string, unknown> = {}) => {
    const now = clock.now();
    const schools = await schoolOverviews(dataSource, now);
    noStore(res).render('operator/index', {
      title: req.t('operator.title'),
      stylesheets: OPERATOR_STYLESHEETS,
      schools,
      openCount: schools.filter((school) => school.open).length,
      ents: await connectedEnts(dataSource),
      health: await consoleHealth(dataSource, config),
      kinds: SCHOOL_KINDS.map((kind) => ({ value: kind, label: req.t(`operator.kinds.${kind}`) })),
      created: typeof req.query.created === 'string' ? req.query.created : null,
      form: {},
      ...extra,
    });
  };

  router.get('/operator', operatorSignedIn, async (req, res) => {
    authorise(req, 'view');
    await renderConsole(req, res);
  });

  router.post('/operator/schools', operatorSignedIn, allowed('manageSchools'), validated({ body: newSchoolInput }, async ({ body: input }, req, res) => {
    try {
      const school = await createSchool(dataSource, input, agentOf(req), clock.now());
      res.redirect(303, `${req.basePath}/operator?created=${encodeURIComponent(school.uai)}`);
    } catch (error) {
      if (!(error instanceof AppError) || !FORM_CODES.has(error.code) || wantsJson(req)) throw error;
      res.status(error.status);
      await renderConsole(req, res, { form: input, formError: { code: error.code, message: req.t(`errors.${error.code}`) } });
    }
  }));

  const renderSchool = async (req: Request, res: Response, schoolId: string, extra: Record<string, unknown> = {}) => {
    const now = clock.now();
    const [school] = await schoolOverviews(dataSource, now, schoolId);
    if (!school) throw new AppError('SCHOOL_NOT_FOUND');
    noStore(res).render('operator/school', {
      title: school.name,
      stylesheets: OPERATOR_STYLESHEETS,
      school,
      kindLabel: school.kind ? req.t(`operator.kinds.${school.kind}`) : '—',
      appointments: await appointmentHistory(dataSource, schoolId, now),
      roles: APPOINTMENT_ROLES.map((role) => ({ value: role, label: req.t(`operator.roles.${role}`) })),
      done: typeof req.query.done === 'string' ? req.query.done : null,
      ...extra,
    });
  };

  router.get('/operator/schools/:schoolId', operatorSignedIn, allowed('view'), validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    await renderSchool(req, res, schoolId);
  }));

  for (const [action, open] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    router.post(`/operator/schools/:schoolId/${action}`, operatorSignedIn, allowed('manageSchools'), validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
      await setSchoolOpen(dataSource, (await findSchool(dataSource, schoolId)).id, open, agentOf(req), clock.now());
      res.redirect(303, `${req.basePath}/operator/schools/${schoolId}?done=${action}d`);
    }));
  }

  router.post('/operator/schools/:schoolId/appointment-links', operatorSignedIn, allowed('manageSchools'), validated({ params: schoolParams, body: roleInput }, async ({ params: { schoolId }, body: { role } }, req, res) => {
    const school = await findSchool(dataSource, schoolId);
    const token = await createAppointmentLink(dataSource, school.id, role, agentOf(req), clock.now());
    await renderSchool(req, res, school.id, {
      link: { url: `${config.baseUrl}${appointmentPath(token)}`, days: APPOINTMENT_LIFETIME_MS / 86_400_000, role: req.t(`operator.roles.${role}`) },
    });
  }));

  router.post('/operator/schools/:schoolId/leaders/:personId/remove', operatorSignedIn, allowed('manageSchools'), validated({ params: leaderParams, body: roleInput }, async ({ params: { schoolId, personId }, body: { role } }, req, res) => {
    await removeSchoolRole(dataSource, (await findSchool(dataSource, schoolId)).id, personId, role, agentOf(req), clock.now());
    res.redirect(303, `${req.basePath}/operator/schools/${schoolId}?done=removed`);
  }));

  return router;
}
