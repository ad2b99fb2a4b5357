import { Router } from 'express';
import type { DataSource } from 'typeorm';

/**
 * `/healthz`: the process answers. `/readyz`: it can reach its database, so a load balancer
 * sends traffic only to instances that can serve it.
 */
export function createHealthRouter(dataSource: DataSource): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      await dataSource.query('SELECT 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ error: { code: 'DATABASE_UNAVAILABLE', message: req.t('errors.DATABASE_UNAVAILABLE') } });
    }
  });
  return router;
}
