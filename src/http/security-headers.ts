import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { Config } from '../config/schema.js';

/** Sources one response adds to the module's policy, for what that page must do. */
export interface PolicyAdditions {
  /** Origins that may frame this page (a platform being registered), on top of the usual ones. */
  readonly frameAncestors?: readonly string[];
  /** Origins this page's forms may post to (a platform's deep-linking return URL). */
  readonly formAction?: readonly string[];
}

/** Where a response keeps its additions until the policy is written (`res.locals`). */
interface PolicyLocals {
  cspFrameAncestors?: readonly string[];
  cspFormAction?: readonly string[];
}

/**
 * Powerful browser features no page of the module uses: photos and voice messages come through
 * file inputs, which need none of them. Denied, so a script that got in could not turn them on.
 */
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), display-capture=()';

/** The policy of each app (its base lists come from its configuration), built once. */
const policies = new WeakMap<Config, ReturnType<typeof helmet.contentSecurityPolicy>>();

/**
 * HTTP security headers. The module lives in ENT iframes, so framing is governed by CSP
 * `frame-ancestors` and X-Frame-Options is not sent: it cannot list several origins and would
 * block every ENT but one. The base list is `ECARNET_FRAME_ANCESTORS`; a response may add the
 * origins it alone needs (`widenContentSecurityPolicy`): the LTI tool adds the platform a page
 * serves, so an ENT registered by URL shows e-carnet without an operator's edit, and the header
 * names one ENT, not every ENT of an académie.
 */
export function securityHeaders(config: Config): RequestHandler {
  const https = config.baseUrl.startsWith('https://');
  const others = helmet({
    contentSecurityPolicy: false,
    xFrameOptions: false,
    crossOriginEmbedderPolicy: false,
    // Popups opened from an ENT iframe (LTI "open in a new window") keep their opener.
    crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  const policy = contentSecurityPolicy(config);
  return (req, res, next) => {
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    others(req, res, (error?: unknown) => (error ? next(error) : policy(req, res, next)));
  };
}

/**
 * Adds sources to this response's policy and writes the header again, from the same directives
 * (never by editing its text): a page shown inside a platform's frame, or posting to a platform,
 * asks for exactly that, for itself only. Only plain origins are taken.
 */
export function widenContentSecurityPolicy(req: Request, res: Response, config: Config, additions: PolicyAdditions): void {
  const locals = res.locals as PolicyLocals;
  locals.cspFrameAncestors = [...(locals.cspFrameAncestors ?? []), ...(additions.frameAncestors ?? [])];
  locals.cspFormAction = [...(locals.cspFormAction ?? []), ...(additions.formAction ?? [])];
  contentSecurityPolicy(config)(req, res, () => undefined);
}

/** The module's policy, one per app: fixed directives, and functions reading the response's additions. */
function contentSecurityPolicy(config: Config): ReturnType<typeof helmet.contentSecurityPolicy> {
  const existing = policies.get(config);
  if (existing) return existing;
  const https = config.baseUrl.startsWith('https://');
  const added = (key: keyof PolicyLocals, base: readonly string[]) => (_req: IncomingMessage, res: ServerResponse) =>
    origins((res as Response).locals as PolicyLocals, key)
      .filter((origin) => !base.includes(origin))
      .join(' ');
  const policy = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      mediaSrc: ["'self'", 'blob:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'", added('cspFormAction', [])],
      frameAncestors: [...config.frameAncestors, added('cspFrameAncestors', config.frameAncestors)],
      ...(https ? { upgradeInsecureRequests: [] } : {}),
    },
  });
  policies.set(config, policy);
  return policy;
}

/** The additions that are plain origins (scheme, host, port), once each: nothing else can enter the header. */
function origins(locals: PolicyLocals, key: keyof PolicyLocals): string[] {
  const found = new Set<string>();
  for (const value of locals[key] ?? []) {
    let origin: string;
    try {
      origin = new URL(value).origin;
    } catch {
      continue;
    }
    if (/^https?:\/\/[^\s;,'"]+$/.test(origin) && origin === value) found.add(origin);
  }
  return [...found];
}
