import { timingSafeEqual, createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import { refreshDatabaseGauges } from './database-gauges.js';
import { metricsRegistry } from './metrics.js';

/** A scrape's text: the database gauges read now, then every metric in Prometheus' text format. */
export async function renderMetrics(dataSource: DataSource, clock: Clock): Promise<string> {
  await refreshDatabaseGauges(dataSource, clock.now());
  return metricsRegistry.metrics();
}

/** The content type of `renderMetrics`' text. */
export const METRICS_CONTENT_TYPE = metricsRegistry.contentType;

/**
 * `GET /metrics` on the main port, for Prometheus with `Authorization: Bearer <ECARNET_METRICS_TOKEN>`.
 * Without a token configured the path does not exist (404), as on any deployment that did not ask
 * for it; a missing or wrong token is 404 too, so the path is not even confirmed to strangers.
 */
export function createMetricsRouter(token: string | null, dataSource: DataSource, clock: Clock): Router {
  const router = Router();
  if (token === null) return router;
  const expected = digest(token);
  router.get('/metrics', (req: Request, res: Response, next) => {
    const given = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      next();
      return;
    }
    renderMetrics(dataSource, clock).then((text) => {
      res.set('Content-Type', METRICS_CONTENT_TYPE).set('Cache-Control', 'no-store').send(text);
    }, next);
  });
  return router;
}

/** Both sides hashed first, so the comparison takes the same time whatever the lengths. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
