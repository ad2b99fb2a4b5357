import type { RequestHandler } from 'express';
import { widenContentSecurityPolicy } from '../http/security-headers.js';
import type { LtiServices } from './services.js';

/** The sign-in method of a session opened by an LTI launch: `lti:<registration id>` (see `ltiConnectorId`). */
const LTI_SIGN_IN = /^lti:([0-9a-f-]{36})$/;

/**
 * Lets the ENT a person came from keep showing e-carnet in its iframe: every page of a session
 * opened by an LTI launch may be framed by that registration's origins (on top of
 * `ECARNET_FRAME_ANCESTORS`), as long as the registration is on. Runs for the pages served after
 * the LTI router; the LTI pages themselves name their platform.
 */
export function framedByTheSessionsPlatform(services: LtiServices): RequestHandler {
  return (req, res, next) => {
    const platformId = LTI_SIGN_IN.exec(req.ecarnetSession?.signInMethod ?? '')?.[1];
    const origins = platformId === undefined ? [] : services.platformOrigins.of(platformId);
    if (origins.length > 0) widenContentSecurityPolicy(req, res, services.context.config, { frameAncestors: origins });
    next();
  };
}
