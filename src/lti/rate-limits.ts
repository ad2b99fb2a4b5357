import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import type { Clock } from '../clock.js';
import type { DataSource } from 'typeorm';
import { hitRateLimit, type RateLimitRule } from '../http/rate-limit.js';
import { AppError } from '../http/errors.js';

/**
 * The LTI tool's rate limits. Each is per what an abuser would vary least: refused LTI requests
 * per address (see `refuseRepeatedFailures`), a registration link per invitation (it makes
 * e-carnet fetch a URL the link's holder chose), a pairing code per head of school (codes are
 * short). Successful login initiations have a budget of their own, sized from the roster (see
 * `login-budget.ts`).
 */
export const LTI_RATE_LIMITS = {
  /**
   * Login initiations and launches refused (unknown issuer or client, switched-off deployment,
   * target outside the module, bad parameters, a state never issued, a token that fails a check)
   * per address and minute. A whole school shares one address, so this counts only what fails:
   * normal use fails rarely (an expired tab, a misconfigured link), a flood fails every time.
   */
  refused: { limit: 200, windowMs: 60_000 },
  registration: { limit: 20, windowMs: 3_600_000 },
  pairing: { limit: 10, windowMs: 15 * 60_000 },
} as const satisfies Record<string, RateLimitRule>;

/** Counts a hit; over the limit, answers 429 LTI_TOO_MANY_REQUESTS with `Retry-After`. */
export async function enforceRateLimit(dataSource: DataSource, res: Response, key: string, rule: RateLimitRule, now: Date): Promise<void> {
  const decision = await hitRateLimit(dataSource, key, rule, now);
  if (decision.allowed) return;
  res.set('Retry-After', String(decision.retryAfterSeconds));
  throw new AppError('LTI_TOO_MANY_REQUESTS');
}

/**
 * Error middleware for an LTI entry point (login initiation, launch) that counts its refusals per
 * address: a request refused with a 4xx counts against `LTI_RATE_LIMITS.refused`, and once the
 * address is over it, refusals answer 429 LTI_TOO_MANY_REQUESTS (with `Retry-After`) instead.
 * Requests that succeed never touch this counter, so pupils of a school launching together are
 * never held back by it, while a flood of made-up issuers or forged tokens from one address is cut
 * off within seconds; each of its requests then costs a lookup and this counter, and stores nothing.
 */
export function countRefusals(dataSource: DataSource, clock: Clock): ErrorRequestHandler {
  return async (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!(error instanceof AppError) || error.status < 400 || error.status >= 500 || error.code === 'LTI_TOO_MANY_REQUESTS') {
      next(error);
      return;
    }
    try {
      await enforceRateLimit(dataSource, res, `lti-refused:${req.ip ?? 'unknown'}`, LTI_RATE_LIMITS.refused, clock.now());
      next(error);
    } catch (refusal) {
      next(refusal);
    }
  };
}
