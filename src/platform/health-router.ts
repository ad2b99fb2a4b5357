import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { databaseAnswers } from '../db/probe-database.js';
import { RETRY_AFTER_SECONDS } from '../http/error-handler.js';

/**
 * `/healthz`: the process answers (it never touches the database, so an outage does not get the
 * process restarted). `/readyz`: it can reach its database, answered within a second either way,
 * so a load balancer sends traffic only to instances that can serve it.
 */
export function createHealthRouter(dataSource: DataSource): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    if (await databaseAnswers(dataSource)) {
      res.json({ status: 'ready' });
      return;
    }
    res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(503).json({ error: { code: 'SERVICE_UNAVAILABLE', message: req.t('errors.SERVICE_UNAVAILABLE') } });
  });
  return router;
}
