import { Router } from 'express';
import { connectorRegistryFor } from '../connectors/registry.js';
import type { ModuleContext } from '../context.js';
import { createCasRouter } from './cas/cas-router.js';
import { createOidcRouter } from './oidc/oidc-router.js';
import { createRosterRouter } from '../roster/router.js';
import { createSamlRouter } from './saml/saml-router.js';

/**
 * Sign-in through identity providers: /auth/saml/…, /auth/oidc/…, /auth/cas/…, and the
 * school's roster imports. The connectors are loaded here from the configuration; a misconfigured
 * one throws (every problem listed), so the app is never built with an auth path half set up.
 */
export function createIdentityRouter(context: ModuleContext): Router {
  const registry = connectorRegistryFor(context.config);
  const router = Router();
  router.use(createSamlRouter(context, registry));
  router.use(createOidcRouter(context, registry));
  router.use(createCasRouter(context, registry));
  router.use(createRosterRouter(context, registry));
  return router;
}
