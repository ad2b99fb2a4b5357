import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { safeReturnPath } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { validated } from '../http/validated.js';
import { isUiLanguage } from '../i18n/languages.js';
import { Person } from '../model/person.js';
import { isDemoPerson, listDemoPeople, type DemoPerson } from './demo-people.js';
import { runInTransaction } from '../db/transaction.js';

const demoSignIn = z.object({ personId: z.uuid(), next: z.string().optional() });

/** Groups for the demo page, in the order a newcomer would look for them. */
function groupPeople(people: DemoPerson[]) {
  const withRole = (role: DemoPerson['roles'][number]) => people.filter((person) => person.roles.includes(role));
  return {
    leadership: [...withRole('director'), ...withRole('staff')],
    teachers: withRole('teacher'),
    parents: withRole('parent').map((person) => ({
      ...person,
      restricted: person.children.some((child) => child.status !== 'full'),
      representative: person.roles.includes('parentRepresentative'),
    })),
    pupils: withRole('pupil'),
  };
}

/**
 * Demo sign-in: pick anyone of the demo school and enter as them. Only in demo mode, and only
 * for people of a demo school, so a production deployment can never be entered this way.
 */
export function createDemoRouter(context: ModuleContext): Router {
  const router = Router();
  const refuseOutsideDemo = () => {
    if (context.config.mode !== 'demo') throw new AppError('DEMO_SIGN_IN_DISABLED');
  };

  router.get('/demo', async (req, res) => {
    refuseOutsideDemo();
    const session = await context.sessions.ensure(req, res);
    const people = await listDemoPeople(context.dataSource, context.clock.now());
    res.set('Cache-Control', 'no-store').render('demo/people', {
      title: req.t('demo.title'),
      csrfToken: session.csrfToken,
      groups: groupPeople(people),
      // Back to the page that asked for sign-in (e.g. after "session expired").
      next: typeof req.query.next === 'string' ? req.query.next : '',
    });
  });

  // Outside the demo the form is refused before its input is read.
  const onlyInDemo: RequestHandler = (_req, _res, next) => {
    refuseOutsideDemo();
    next();
  };

  router.post('/demo/sign-in', onlyInDemo, validated({ body: demoSignIn }, async ({ body: { personId, next } }, req, res) => {
    if (!(await isDemoPerson(context.dataSource, personId))) throw new AppError('DEMO_SIGN_IN_DISABLED');
    const person = await context.dataSource.getRepository(Person).findOneByOrFail({ id: personId });
    await context.sessions.start(req, res, personId, 'demo', isUiLanguage(person.preferredLanguage) ? person.preferredLanguage : null);
    await runInTransaction(context.dataSource, (manager) =>
      recordAuditEvent(manager, {
        schoolId: null,
        actorId: personId,
        action: 'session.signedIn',
        subjectKind: 'person',
        subjectId: personId,
        detail: { method: 'demo' },
        at: context.clock.now(),
      }),
    );
    res.redirect(303, safeReturnPath(req.basePath, next));
  }));

  return router;
}
