import { Router } from 'express';
import type { LtiServices } from '../services.js';

/** Platforms cache our key set this long; a new key is published well before it signs (see ToolKeys). */
const JWKS_MAX_AGE_SECONDS = 300;

/** `GET /lti/jwks`: the tool's public keys, every key not yet retired. */
export function createJwksRouter(services: LtiServices): Router {
  const router = Router();
  router.get('/lti/jwks', async (_req, res) => {
    const keys = await services.toolKeys.publishedKeys();
    res.set('Cache-Control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`).set('Access-Control-Allow-Origin', '*').json({ keys });
  });
  return router;
}
