import { readAuditLog } from '../audit/read-audit-log.js';
import { actorOf } from '../auth/require-sign-in.js';
import { loadClassRoster } from '../classes/class-roster-page.js';
import type { ModuleContext } from '../context.js';
import { listClasses, listSchoolClasses } from '../directory/classes.js';
import { listFollowedChildren } from '../directory/followed-children.js';
import { classParams, guardianParams, pupilParams, schoolParams } from '../http/route-params.js';
import { Person } from '../model/person.js';
import { ledSchoolIds } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { setGuardianshipStatus, setImageConsent } from '../pupils/decisions.js';
import { guardianshipStatusInput, imageConsentInput } from '../pupils/inputs.js';
import { loadPupilProfile } from '../pupils/profile.js';
import { portfolioApiRoutes } from '../portfolio/api-routes.js';
import { messagingApiRoutes } from '../messaging/api-routes.js';
import { sharingApiRoutes } from '../sharing/api-routes.js';
import { retentionApiRoutes } from '../retention/api-routes.js';
import { meetingsApiRoutes } from '../meetings/api-routes.js';
import { paperApiRoutes } from '../paper/api-routes.js';
import { engagementApiRoutes } from '../engagement/api-routes.js';
import { familyDataApiRoutes } from '../family-data/api-routes.js';
import { defineRoute, type ApiRoute } from './api-route.js';
import {
  auditEventsResponse,
  childrenResponse,
  classesResponse,
  meResponse,
  pupilResponse,
  rosterResponse,
} from './response-schemas.js';

/** The endpoints of `/api/v1` (the OpenAPI route itself is added by the router). */
export function v1Routes(context: ModuleContext): ApiRoute[] {
  const { dataSource, clock } = context;
  const now = () => clock.now();

  return [
    defineRoute({
      method: 'get',
      path: '/me',
      summary: 'The signed-in person, their roles and the CSRF token of the session',
      tag: 'session',
      signedIn: true,
      response: meResponse,
      async handle(_input, req, res) {
        const actor = actorOf(req);
        const person = await dataSource.getRepository(Person).findOneByOrFail({ id: actor.personId });
        res.json({
          id: person.id,
          givenName: person.givenName,
          familyName: person.familyName,
          preferredLanguage: person.preferredLanguage,
          language: req.language,
          // A parent kept away from every child of a school must not learn that school.
          schools: [...actor.rolesBySchool]
            .filter(([schoolId]) => can(actor, 'view', { kind: 'school', schoolId }))
            .map(([schoolId, roles]) => ({ schoolId, roles: [...roles] })),
          csrfToken: req.ecarnetSession!.csrfToken,
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/children',
      summary: 'The children the signed-in guardian follows, with their classes and teachers',
      tag: 'families',
      signedIn: true,
      response: childrenResponse,
      async handle(_input, req, res) {
        res.json({ children: await listFollowedChildren(dataSource, actorOf(req), now()) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/classes',
      summary: 'The classes the signed-in person teaches, or leads as director or staff',
      tag: 'classes',
      signedIn: true,
      response: classesResponse,
      async handle(_input, req, res) {
        const actor = actorOf(req);
        const lists = await Promise.all([
          listClasses(dataSource, actor, actor.taughtClassIds, now()),
          ...ledSchoolIds(actor).map((schoolId) => listSchoolClasses(dataSource, actor, schoolId, now())),
        ]);
        const unique = new Map(lists.flat().map((klass) => [klass.id, klass]));
        res.json({ classes: [...unique.values()] });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/classes/:classId/pupils',
      summary: 'The pupils of a class with their guardians and image rights',
      tag: 'classes',
      signedIn: true,
      params: classParams,
      response: rosterResponse,
      async handle({ params: { classId } }, req, res) {
        res.json(await loadClassRoster(dataSource, actorOf(req), classId, now()));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/pupils/:pupilId',
      summary: "A pupil's classes, guardians and image rights, as far as the caller may see them",
      tag: 'pupils',
      signedIn: true,
      params: pupilParams,
      response: pupilResponse,
      async handle({ params: { pupilId } }, req, res) {
        res.json(await loadPupilProfile(dataSource, actorOf(req), pupilId, now()));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/pupils/:pupilId/guardians/:guardianId/status',
      summary: "Record a guardian's status (director); takes effect on the guardian's next request",
      tag: 'pupils',
      signedIn: true,
      params: guardianParams,
      body: guardianshipStatusInput,
      async handle({ params: { pupilId, guardianId }, body: input }, req, res) {
        await setGuardianshipStatus(dataSource, actorOf(req), pupilId, guardianId, input, now());
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'put',
      path: '/pupils/:pupilId/image-consent',
      summary: "Record a child's image rights (guardian with full authority, teacher or director)",
      tag: 'pupils',
      signedIn: true,
      params: pupilParams,
      body: imageConsentInput,
      async handle({ params: { pupilId }, body: input }, req, res) {
        await setImageConsent(dataSource, actorOf(req), pupilId, input, now());
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/schools/:schoolId/audit-events',
      summary: "The school's latest audit records (director)",
      tag: 'schools',
      signedIn: true,
      params: schoolParams,
      response: auditEventsResponse,
      async handle({ params: { schoolId } }, req, res) {
        res.json({ events: await readAuditLog(context, actorOf(req), schoolId) });
      },
    }),
    ...portfolioApiRoutes(context),
    ...messagingApiRoutes(context),
    ...sharingApiRoutes(context),
    ...retentionApiRoutes(context),
    ...meetingsApiRoutes(context),
    ...paperApiRoutes(context),
    ...engagementApiRoutes(context),
    ...familyDataApiRoutes(context),
  ];
}
