import { Router } from 'express';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { classParams } from '../http/route-params.js';
import { validated } from '../http/validated.js';
import { loadClassRoster } from './class-roster-page.js';

/** `/classes/:classId`: the class list for its teachers, the director and school staff. */
export function createClassesRouter(context: ModuleContext): Router {
  const router = Router();
  router.get('/classes/:classId', requireSignIn(context.dataSource, context.clock), validated({ params: classParams }, async ({ params: { classId } }, req, res) => {
    const roster = await loadClassRoster(context.dataSource, actorOf(req), classId, context.clock.now());
    res.set('Cache-Control', 'private, no-store').render('classes/roster', { title: roster.class.name, ...roster });
  }));
  return router;
}
