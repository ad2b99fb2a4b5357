/**
 * Wall-clock time in a school's time zone (Europe/Paris, Pacific/Tahiti…), without a library:
 * Intl knows every zone's offsets, including daylight saving.
 */
import { dateTimeFormat } from '../i18n/intl-formats.js';

/** The calendar date (YYYY-MM-DD) at `instant` in `timezone`. */
export function localDate(instant: Date, timezone: string): string {
  return dateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** Offset of `timezone` from UTC at `instant`, in milliseconds (positive east of Greenwich). */
function offsetAt(instant: Date, timezone: string): number {
  const parts = dateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'), value('second'));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant when the clocks of `timezone` show `date` (YYYY-MM-DD) at `time` (HH:MM:SS.mmm). */
export function zonedInstant(date: string, time: string, timezone: string): Date {
  const wallClockAsUtc = new Date(`${date}T${time}Z`).getTime();
  // Two passes: the offset at the guess can differ from the offset at the answer around a DST change.
  let instant = wallClockAsUtc - offsetAt(new Date(wallClockAsUtc), timezone);
  instant = wallClockAsUtc - offsetAt(new Date(instant), timezone);
  return new Date(instant);
}

/** The last millisecond of `date` in `timezone`. */
export function endOfLocalDay(date: string, timezone: string): Date {
  return zonedInstant(date, '23:59:59.999', timezone);
}
