import type { Request, Response } from 'express';
import { widenContentSecurityPolicy, type PolicyAdditions } from '../http/security-headers.js';
import type { LtiServices } from './services.js';

/** The LTI pages' own stylesheet, linked from the layout's head. */
export const LTI_STYLESHEETS: readonly string[] = ['/static/lti.css'];

/** How a frame page is answered. */
interface FramePageOptions {
  readonly status?: number;
  /** What this page alone may do beyond the module's policy (be framed by, post to). */
  readonly policy?: PolicyAdditions;
}

/**
 * Renders one of the pages a launch passes through inside the ENT frame. They answer a POST or
 * hold one-time values: never cached, and without the language links (a GET of the same
 * address would not show the same page). Framed by the registered platforms, plus what the page
 * asks for: the platform it serves, which a cache on a fresh instance may not know yet.
 */
export function renderFramePage(
  services: LtiServices,
  req: Request,
  res: Response,
  view: string,
  locals: Record<string, unknown>,
  options: FramePageOptions = {},
): void {
  widenContentSecurityPolicy(req, res, services.context.config, {
    frameAncestors: options.policy?.frameAncestors ?? [],
    formAction: options.policy?.formAction ?? [],
  });
  res
    .status(options.status ?? 200)
    .set('Cache-Control', 'no-store')
    .render(view, { ...locals, languages: [], stylesheets: LTI_STYLESHEETS });
}
