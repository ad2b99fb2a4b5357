import { Router } from 'express';
import { z } from 'zod';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { parseInput } from '../http/parse-input.js';
import { schoolParams, skillParams } from '../http/route-params.js';
import { validated } from '../http/validated.js';
import { addSkill, listSchoolSkills, updateSkill } from './school-skills.js';
import { newSkillInput } from './skill-inputs.js';

/** `/schools/:schoolId/skills`: the school's skills framework, edited by its teachers and director. */
export function createSkillsRouter(context: ModuleContext): Router {
  const router = Router();
  const signedIn = requireSignIn(context.dataSource, context.clock);

  router.get('/schools/:schoolId/skills', signedIn, validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    const skills = await listSchoolSkills(context.dataSource, actorOf(req), schoolId, { includeArchived: true });
    const cycles = [1, 2, 3].map((cycle) => {
      const ofCycle = skills.filter((skill) => skill.cycle === cycle);
      const domains = [...new Map(ofCycle.map((skill) => [skill.domainCode, skill.domainLabel])).entries()].map(([code, label]) => ({
        code,
        label,
        skills: ofCycle.filter((skill) => skill.domainCode === code),
      }));
      return { cycle, domains };
    });
    res.set('Cache-Control', 'private, no-store').render('skills/framework', { title: req.t('skills.title'), schoolId, cycles });
  }));

  router.post('/schools/:schoolId/skills', signedIn, validated({ params: schoolParams, body: newSkillInput }, async ({ params: { schoolId }, body }, req, res) => {
    await addSkill(context.dataSource, actorOf(req), schoolId, body);
    res.redirect(303, `${req.basePath}/schools/${schoolId}/skills`);
  }));

  router.post('/skills/:skillId/archive', signedIn, validated({ params: skillParams }, async ({ params: { skillId } }, req, res) => {
    const body = req.body as Record<string, unknown>;
    await updateSkill(context.dataSource, actorOf(req), skillId, { archived: body.archived !== 'false' }, context.clock.now());
    const schoolId = parseInput(z.uuid(), body.schoolId);
    res.redirect(303, `${req.basePath}/schools/${schoolId}/skills`);
  }));
  return router;
}
