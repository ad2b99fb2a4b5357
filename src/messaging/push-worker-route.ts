import path from 'node:path';
import { Router } from 'express';
import { PUBLIC_DIR } from '../paths.js';

/**
 * `GET /push-worker.js`: the service worker that shows pushed notifications. Served from the
 * module's root rather than `/static/` because a service worker only controls the pages under the
 * folder it comes from, and it must be fetched fresh so that a new version takes over.
 */
export function createPushWorkerRouter(): Router {
  const router = Router();
  router.get('/push-worker.js', (_req, res) => {
    res.set({ 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' });
    res.sendFile(path.join(PUBLIC_DIR, 'push-worker.js'));
  });
  return router;
}
