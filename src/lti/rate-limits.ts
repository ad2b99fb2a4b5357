import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { hitRateLimit, type RateLimitRule } from '../http/rate-limit.js';
import { AppError } from '../http/errors.js';

/**
 * The LTI tool's rate limits. Each is per what an abuser would vary least: a login initiation per
 * address and registration (a school behind one NAT launches many at 8:30; a flood does far more),
 * a registration link per invitation (it makes e-carnet fetch a URL the link's holder chose), a
 * pairing code per head of school (codes are short).
 */
export const LTI_RATE_LIMITS = {
  login: { limit: 300, windowMs: 60_000 },
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
