import { Router } from 'express';
import { z } from 'zod';
import { appRoute } from '../api/api-route.js';
import type { DataSource } from 'typeorm';
import { databaseAnswers } from '../db/probe-database.js';
import { RETRY_AFTER_SECONDS } from '../http/error-handler.js';
import { validated } from '../http/validated.js';

/** `GET /healthz`, as the OpenAPI document describes it. */
export const healthRoute = appRoute({
  method: 'get',
  path: '/healthz',
  summary: 'The process answers (the database is not asked)',
  tag: 'operations',
  signedIn: false,
  response: z.object({ status: z.literal('ok') }),
});

/** `GET /readyz`, as the OpenAPI document describes it; 503 SERVICE_UNAVAILABLE when the database does not answer. */
export const readyRoute = appRoute({
  method: 'get',
  path: '/readyz',
  summary: 'The instance reaches its database, answered within a second (503 SERVICE_UNAVAILABLE otherwise)',
  tag: 'operations',
  signedIn: false,
  response: z.object({ status: z.literal('ready') }),
});

/**
 * `/healthz`: the process answers (it never touches the database, so an outage does not get the
 * process restarted). `/readyz`: it can reach its database, answered within a second either way,
 * so a load balancer sends traffic only to instances that can serve it.
 */
export function createHealthRouter(dataSource: DataSource): Router {
  const router = Router();
  router.get(healthRoute.path, validated(healthRoute, (_input, _req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  }));
  router.get(readyRoute.path, validated(readyRoute, async (_input, req, res) => {
    res.set('Cache-Control', 'no-store');
    if (await databaseAnswers(dataSource)) {
      res.json({ status: 'ready' });
      return;
    }
    res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(503).json({ error: { code: 'SERVICE_UNAVAILABLE', message: req.t('errors.SERVICE_UNAVAILABLE') } });
  }));
  return router;
}
