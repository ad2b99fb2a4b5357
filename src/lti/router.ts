import { Router } from 'express';
import type { ModuleContext } from '../context.js';
import { createRegistrationsRouter } from './admin/registrations-router.js';
import { createDeepLinkRouter } from './deep-linking/deep-link-router.js';
import { createJwksRouter } from './keys/jwks-router.js';
import { createLaunchRouter } from './launch/launch-router.js';
import { createLoginRouter } from './login/login-router.js';
import { createRegistrationRouter } from './registration/registration-router.js';
import { framedByTheSessionsPlatform } from './frame-policy.js';
import { createLtiServices } from './services.js';

/**
 * LTI 1.3 tool endpoints: `/lti/login`, `/lti/launch`, `/lti/continue`, `/lti/jwks`,
 * `/lti/register`, `/lti/deep-link`, and `/lti/registrations` for heads of school. It also lets
 * the ENT a session came from frame the pages served after it (see `framedByTheSessionsPlatform`).
 */
export function createLtiRouter(context: ModuleContext): Router {
  const services = createLtiServices(context);
  const router = Router();
  router.use(framedByTheSessionsPlatform(services));
  router.use(createLoginRouter(services));
  router.use(createLaunchRouter(services));
  router.use(createDeepLinkRouter(services));
  router.use(createJwksRouter(services));
  router.use(createRegistrationRouter(services));
  router.use(createRegistrationsRouter(services));
  return router;
}
