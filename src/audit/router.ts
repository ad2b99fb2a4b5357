import { Router } from 'express';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { schoolParams } from '../http/route-params.js';
import { validated } from '../http/validated.js';
import type { Translate } from '../i18n/translator.js';
import { describeDetail } from './describe-detail.js';
import { readAuditLog } from './read-audit-log.js';

/** An audit action in words (`audit.actions.<action>`); an action with no words yet shows its code. */
function describeAction(t: Translate, action: string): string {
  const key = `audit.actions.${action}`;
  const text = t(key);
  return text === key ? action : text;
}

/** `/schools/:schoolId/audit`: the director reads who changed what. */
export function createAuditRouter(context: ModuleContext): Router {
  const router = Router();
  router.get('/schools/:schoolId/audit', requireSignIn(context.dataSource, context.clock), validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    const [events, schools] = await Promise.all([
      readAuditLog(context, actorOf(req), schoolId),
      context.dataSource.query('SELECT timezone FROM school WHERE id = ?', [schoolId]) as Promise<{ timezone: string }[]>,
    ]);
    res.set('Cache-Control', 'private, no-store').render('audit/list', {
      title: req.t('audit.title'),
      // Times in the school's own zone (an overseas school reads its own clock).
      timezone: schools[0]?.timezone,
      events: events.map((event) => ({
        ...event,
        atText: event.at.toISOString(),
        actionText: describeAction(req.t, event.action),
        detailLines: describeDetail(req.t, event.detail),
      })),
    });
  }));
  return router;
}
