import type { DataSource } from 'typeorm';
import type { RateLimitRule } from '../../http/rate-limit.js';
import type { LtiDeployment } from '../../model/lti-deployment.js';
import type { LtiPlatform } from '../../model/lti-platform.js';

/**
 * How many login initiations one address may start per minute through one deployment (or, when
 * the login names none, through one registration).
 *
 * Why this shape: in France a whole school reaches the internet through one address (the school's
 * or the académie's proxy), so every pupil's launch at 08:00 comes from it; a per-address limit
 * sized for one person refuses the school. A successful login initiation costs one row, kept ten
 * minutes; what a flood can do with it is fill that table. So the budget follows the people the
 * deployment can legitimately bring: `PER_PERSON` logins per minute for each person with a live
 * membership in the deployment's school (all of the registration's schools when no deployment is
 * named), and never less than `FLOOR`, which covers a large collège on the first morning of the
 * year, before its roster is known (an LTI-only school's members appear as they launch). Failures
 * are limited apart, per address, and much lower (`LTI_RATE_LIMITS.refused`).
 */
export const LOGIN_BUDGET = {
  /** 1,500 pupils and staff, each starting two logins (a reload, a second tab) in the same minute. */
  floor: 3_000,
  perPerson: 2,
  windowMs: 60_000,
  /** The roster's size is read again after this long (people join and leave slowly). */
  rosterTtlMs: 10 * 60_000,
} as const;

const rosterSizes = new WeakMap<DataSource, Map<string, { people: number; until: number }>>();

/** The budget of logins per minute for one address through this deployment (or registration). */
export async function loginBudget(dataSource: DataSource, platform: LtiPlatform, deployment: LtiDeployment | undefined, now: Date): Promise<RateLimitRule> {
  const people = await rosterSize(dataSource, platform, deployment, now);
  return { limit: Math.max(LOGIN_BUDGET.floor, LOGIN_BUDGET.perPerson * people), windowMs: LOGIN_BUDGET.windowMs };
}

/** The rate-limit key of a login: per address, registration and the deployment it names. */
export function loginBudgetKey(address: string, platform: LtiPlatform, deployment: LtiDeployment | undefined): string {
  return `lti-login:${address}:${platform.id}:${deployment?.id ?? '*'}`;
}

/**
 * People with a live membership in the schools a deployment (or a whole registration) serves,
 * read at most once per `rosterTtlMs` per process: login initiation stays two statements.
 */
async function rosterSize(dataSource: DataSource, platform: LtiPlatform, deployment: LtiDeployment | undefined, now: Date): Promise<number> {
  let cache = rosterSizes.get(dataSource);
  if (!cache) rosterSizes.set(dataSource, (cache = new Map()));
  const key = `${platform.id}:${deployment?.id ?? '*'}`;
  const cached = cache.get(key);
  if (cached && cached.until > now.getTime() && cached.until - now.getTime() <= LOGIN_BUDGET.rosterTtlMs) return cached.people;

  const schoolId = deployment ? (deployment.schoolId ?? platform.schoolId) : platform.schoolId;
  const rows = (await (deployment
    ? dataSource.query('SELECT COUNT(DISTINCT personId) AS people FROM school_membership WHERE schoolId = ? AND endedAt IS NULL', [schoolId ?? ''])
    : dataSource.query(
        `SELECT COUNT(DISTINCT personId) AS people FROM school_membership
          WHERE endedAt IS NULL
            AND (schoolId = ? OR schoolId IN (SELECT schoolId FROM lti_deployment WHERE platformId = ? AND schoolId IS NOT NULL))`,
        [platform.schoolId ?? '', platform.id],
      ))) as { people: unknown }[];
  const people = Number(rows[0]?.people ?? 0);
  cache.set(key, { people, until: now.getTime() + LOGIN_BUDGET.rosterTtlMs });
  return people;
}
