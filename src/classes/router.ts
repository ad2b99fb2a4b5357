import { Router } from 'express';
import { z } from 'zod';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { parseInput } from '../http/parse-input.js';
import { loadClassRoster } from './class-roster-page.js';

/** Path parameters of class routes. */
export const classIdParams = z.object({ classId: z.uuid() });

/** `/classes/:classId`: the class list for its teachers, the director and school staff. */
export function createClassesRouter(context: ModuleContext): Router {
  const router = Router();
  router.get('/classes/:classId', requireSignIn(context.dataSource, context.clock), async (req, res) => {
    const { classId } = parseInput(classIdParams, req.params);
    const roster = await loadClassRoster(context.dataSource, actorOf(req), classId, context.clock.now());
    res.set('Cache-Control', 'private, no-store').render('classes/roster', { title: roster.class.name, ...roster });
  });
  return router;
}
