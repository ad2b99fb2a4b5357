import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import { featureMetrics } from '../metrics/metrics.js';

/** How many hits a key may make per window. */
export interface RateLimitRule {
  readonly limit: number;
  readonly windowMs: number;
}

/** What the limiter decided for one hit. */
interface RateLimitDecision {
  readonly allowed: boolean;
  /** When the key may try again (0 when allowed): the `Retry-After` of a refusal. */
  readonly retryAfterSeconds: number;
}

/** Longest bucket name the column holds; longer ones are replaced by their digest. */
const BUCKET_MAX = 191;
/** Windows are deleted this long after they end (a late hit of the same window still finds its row). */
const KEEP_AFTER_END_MS = 60_000;
const PURGE_INTERVAL_MS = 60_000;
const lastPurge = new WeakMap<DataSource, number>();

/**
 * Counts one hit of `key` in its fixed window and says whether it stays within the rule. The count
 * lives in the database (`rate_limit_window`), so every instance of the module shares it; the
 * increment is one conditional UPDATE (or the INSERT that opens the window), so hits racing on
 * several instances never let more than `limit` through. Keys are compared byte for byte; name
 * them `<feature>:<what is limited>` (e.g. `lti-login:<address>:<registration>`).
 */
export async function hitRateLimit(dataSource: DataSource, key: string, rule: RateLimitRule, now: Date): Promise<RateLimitDecision> {
  const windowStart = Math.floor(now.getTime() / rule.windowMs) * rule.windowMs;
  const windowEnd = windowStart + rule.windowMs;
  const bucket = bucketName(key, windowStart);
  const decide = (allowed: boolean): RateLimitDecision => {
    // The key's feature prefix names the limiter; the rest (addresses, accounts) never leaves.
    if (!allowed) featureMetrics.rateLimitRefusals.inc({ limiter: key.split(':', 1)[0] ?? 'unnamed' });
    return { allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((windowEnd - now.getTime()) / 1000)) };
  };
  await purgeEndedWindows(dataSource, now);

  if (await countHit(dataSource, bucket, rule.limit)) return decide(true);
  if (rule.limit < 1) return decide(false);
  try {
    await dataSource.query('INSERT INTO rate_limit_window (bucket, hits, expiresAt) VALUES (?, 1, ?)', [bucket, sqlInstant(new Date(windowEnd))]);
    return decide(true);
  } catch (error) {
    // Another hit opened the window first (or it was full already): count against it.
    if (!isUniqueViolation(error)) throw error;
    return decide(await countHit(dataSource, bucket, rule.limit));
  }
}

/** Adds the hit to an open window still under its limit; false when there is none or it is full. */
async function countHit(dataSource: DataSource, bucket: string, limit: number): Promise<boolean> {
  const runner = dataSource.createQueryRunner();
  try {
    const result = await runner.query('UPDATE rate_limit_window SET hits = hits + 1 WHERE bucket = ? AND hits < ?', [bucket, limit], true);
    return result.affected === 1;
  } finally {
    await runner.release();
  }
}

function bucketName(key: string, windowStart: number): string {
  const name = `${key}@${windowStart}`;
  return name.length <= BUCKET_MAX ? name : `sha256:${createHash('sha256').update(name).digest('hex')}`;
}

/** Deletes windows that are over, at most once a minute per process: a hit stays two queries. */
async function purgeEndedWindows(dataSource: DataSource, now: Date): Promise<void> {
  const last = lastPurge.get(dataSource);
  if (last !== undefined && now.getTime() >= last && now.getTime() - last < PURGE_INTERVAL_MS) return;
  lastPurge.set(dataSource, now.getTime());
  await dataSource.query('DELETE FROM rate_limit_window WHERE expiresAt < ?', [sqlInstant(new Date(now.getTime() - KEEP_AFTER_END_MS))]);
}

/** A duplicate key on either engine (kept here rather than shared: src/db belongs to the foundation). */
function isUniqueViolation(error: unknown): boolean {
  const details = error as { driverError?: { code?: unknown }; code?: unknown; message?: unknown } | null;
  const text = `${String(details?.driverError?.code ?? '')} ${String(details?.code ?? '')} ${String(details?.message ?? '')}`;
  return /ER_DUP_ENTRY|SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)|UNIQUE constraint failed|Duplicate entry/.test(text);
}
