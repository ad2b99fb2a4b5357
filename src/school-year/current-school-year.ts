import { endOfLocalDay, zonedInstant } from './local-time.js';
import { dateTimeFormat } from '../i18n/intl-formats.js';

/** A French school year: from early September to early July. */
interface SchoolYearPeriod {
  /** e.g. "2026-2027". */
  readonly label: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
}

/**
 * The school year in progress at `now` in the school's time zone; during the summer holidays,
 * the one about to start. Dates are the usual frame (1 September – 5 July), from midnight to
 * midnight in the school's zone; the official calendar's exact days vary by zone and year and
 * come from the school's own records.
 */
export function currentSchoolYear(now: Date, timezone: string): SchoolYearPeriod {
  const parts = dateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: 'numeric' }).formatToParts(now);
  const year = Number(parts.find((part) => part.type === 'year')?.value);
  const month = Number(parts.find((part) => part.type === 'month')?.value);
  const first = month >= 8 ? year : year - 1;
  const startsOn = `${first}-09-01`;
  const endsOn = `${first + 1}-07-05`;
  return {
    label: `${first}-${first + 1}`,
    startsOn,
    endsOn,
    startsAt: zonedInstant(startsOn, '00:00:00.000', timezone),
    endsAt: endOfLocalDay(endsOn, timezone),
  };
}
