import { Router, type Request } from 'express';
import { z } from 'zod';
import type { ModuleContext } from '../context.js';
import { validated } from '../http/validated.js';
import { describeRetentionTable } from '../retention/describe-delays.js';
import { readLegalFacts } from './legal-facts.js';
import { processingRegisterCsv } from './processing-register.js';

/** `?school=<id>`: the notice of that school (any school's notice is public). */
const schoolQuery = z.object({ school: z.uuid().optional() });
const STYLESHEETS = ['/static/retention.css'];

/**
 * The legal and trust pages, open to anyone (linked from every page's footer): the privacy
 * notice with the school's retention table, the legal notice, the accessibility statement, and
 * the extract of the processing register for the school's data-protection officer.
 */
export function createLegalRouter(context: ModuleContext): Router {
  const router = Router();
  const facts = (req: Request, school: string | undefined) => readLegalFacts(context, school, req.ecarnetSession?.personId ?? null);

  router.get('/legal/privacy', validated({ query: schoolQuery }, async ({ query }, req, res) => {
    const legal = await facts(req, query.school);
    res.render('legal/privacy', {
      title: req.t('legal.privacy.title'),
      stylesheets: STYLESHEETS,
      legal,
      controller: legal.school ? req.t('legal.controllerSchool', { school: legal.school.name, uai: legal.school.uai }) : req.t('legal.controllerDeployment'),
      table: describeRetentionTable(req.t, legal.retention),
      registerHref: `/legal/register.csv${legal.school ? `?school=${legal.school.id}` : ''}`,
    });
  }));

  router.get('/legal/notice', (req, res) => {
    res.render('legal/notice', { title: req.t('legal.notice.title'), legal: context.config.legal });
  });

  router.get('/legal/accessibility', (req, res) => {
    res.render('legal/accessibility', { title: req.t('legal.accessibility.title'), legal: context.config.legal });
  });

  router.get('/legal/register.csv', validated({ query: schoolQuery }, async ({ query }, req, res) => {
    const legal = await facts(req, query.school);
    res
      .type('text/csv; charset=utf-8')
      .attachment(`registre-traitements${legal.school ? `-${legal.school.uai}` : ''}.csv`)
      .send(processingRegisterCsv(req.t, legal));
  }));
  return router;
}
