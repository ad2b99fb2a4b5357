import { Router } from 'express';
import { z } from 'zod';
import { appRoute } from '../../api/api-route.js';
import { validated } from '../../http/validated.js';
import type { LtiServices } from '../services.js';

/** Platforms cache our key set this long; a new key is published well before it signs (see ToolKeys). */
const JWKS_MAX_AGE_SECONDS = 300;

/** `GET /lti/jwks`, as the OpenAPI document describes it. */
export const jwksRoute = appRoute({
  method: 'get',
  path: '/lti/jwks',
  summary: "The LTI tool's public keys (RFC 7517 key set), for platforms checking its signatures",
  tag: 'lti',
  signedIn: false,
  response: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }),
});

/** `GET /lti/jwks`: the tool's public keys, every key not yet retired. */
export function createJwksRouter(services: LtiServices): Router {
  const router = Router();
  router.get(jwksRoute.path, validated(jwksRoute, async (_input, _req, res) => {
    const keys = await services.toolKeys.publishedKeys();
    res.set('Cache-Control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`).set('Access-Control-Allow-Origin', '*').json({ keys });
  }));
  return router;
}
