import { endOfLocalDay, zonedInstant } from '../school-year/local-time.js';
import { MESSAGE_RETENTION_SCHOOL_YEARS } from './retention-delays.js';
import { dateTimeFormat } from '../i18n/intl-formats.js';

/*
 * A message belongs to the school year it was sent in, counted as `currentSchoolYear` counts it
 * (from August on, the year starting in September), and is kept until the end (5 July, midnight
 * in the school's zone) of the school year after it.
 */

/** The first calendar year of the school year that `instant` belongs to, in `timezone`. */
function schoolYearStartOf(instant: Date, timezone: string): number {
  const parts = dateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: 'numeric' }).formatToParts(instant);
  const year = Number(parts.find((part) => part.type === 'year')?.value);
  const month = Number(parts.find((part) => part.type === 'month')?.value);
  return month >= 8 ? year : year - 1;
}

/** When a message sent at `sentAt` is deleted. */
export function messageDeletionTime(sentAt: Date, timezone: string): Date {
  const first = schoolYearStartOf(sentAt, timezone);
  return endOfLocalDay(`${first + 1 + MESSAGE_RETENTION_SCHOOL_YEARS}-07-05`, timezone);
}

/**
 * Messages sent before this instant are past their retention at `now`: every school year up to
 * the one whose following year has ended.
 */
export function messagesSentBefore(now: Date, timezone: string): Date {
  // The latest school year whose deletion time has passed starts `first`; those after it have not.
  let first = schoolYearStartOf(now, timezone) - MESSAGE_RETENTION_SCHOOL_YEARS;
  while (messageDeletionTime(zonedInstant(`${first}-09-01`, '12:00:00.000', timezone), timezone) >= now) first -= 1;
  return zonedInstant(`${first + 1}-08-01`, '00:00:00.000', timezone);
}
