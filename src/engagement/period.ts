import { currentSchoolYear } from '../school-year/current-school-year.js';
import { zonedInstant } from '../school-year/local-time.js';
import { localDate } from '../school-year/local-time.js';

/** The spans the figures are read over, each ending now. */
export const ENGAGEMENT_PERIODS = ['week', 'month', 'trimester', 'year'] as const;
export type EngagementPeriod = (typeof ENGAGEMENT_PERIODS)[number];

/** A period as instants: from `start` (included) to `end` (excluded). */
export interface PeriodSpan {
  readonly period: EngagementPeriod;
  readonly start: Date;
  readonly end: Date;
}

const DAY_MS = 24 * 3_600_000;

/**
 * The trimesters of the school year, as the conseils d'école meet: rentrée to the winter holidays
 * (September–December), January–March, then April to the summer. Their first month, in order.
 */
const TRIMESTER_FIRST_MONTHS = [9, 1, 4] as const;

/** The trimester (1, 2 or 3) a local `YYYY-MM-DD` date falls in. */
export function trimesterOf(date: string): 1 | 2 | 3 {
  const month = Number(date.slice(5, 7));
  if (month >= 9) return 1;
  return month <= 3 ? 2 : 3;
}

/**
 * The span of a period ending at `now` in the school's zone: the last 7 or 30 days, the
 * trimester in progress, or the school year in progress (each from local midnight).
 */
export function periodSpan(period: EngagementPeriod, now: Date, timezone: string): PeriodSpan {
  if (period === 'week') return { period, start: new Date(now.getTime() - 7 * DAY_MS), end: now };
  if (period === 'month') return { period, start: new Date(now.getTime() - 30 * DAY_MS), end: now };
  const year = currentSchoolYear(now, timezone);
  if (period === 'year') return { period, start: year.startsAt, end: now };
  const today = localDate(now, timezone);
  const trimester = trimesterOf(today);
  const firstYear = Number(year.startsOn.slice(0, 4));
  const month = TRIMESTER_FIRST_MONTHS[trimester - 1];
  const startYear = trimester === 1 ? firstYear : firstYear + 1;
  const startsOn = `${startYear}-${String(month).padStart(2, '0')}-01`;
  return { period, start: zonedInstant(startsOn, '00:00:00.000', timezone), end: now };
}

/** The months of the school year up to now, as `YYYY-MM` (the trend charts' axis). */
export function schoolYearMonths(now: Date, timezone: string): string[] {
  const year = currentSchoolYear(now, timezone);
  const last = localDate(now, timezone).slice(0, 7);
  const months: string[] = [];
  let [y, m] = [Number(year.startsOn.slice(0, 4)), 9];
  for (let guard = 0; guard < 12; guard += 1) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > last) break;
    months.push(key);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return months;
}
