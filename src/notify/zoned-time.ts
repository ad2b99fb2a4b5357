/*
 * Wall-clock arithmetic in a school's time zone with Intl only: quiet hours are local times
 * ("19:30 in Paris"), notifications are instants.
 */
import { dateTimeFormat } from '../i18n/intl-formats.js';

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  return dateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    weekday: 'short',
  });
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The local calendar date, ISO weekday and minutes since midnight of an instant in a zone. */
interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  readonly minutes: number;
  readonly seconds: number;
}

/** Where the hands of a clock in `timeZone` point at `instant`. */
export function localTime(instant: Date, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAYS[parts.weekday ?? 'Mon'] ?? 1,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    seconds: Number(parts.second),
  };
}

/** `HH:MM` as minutes since midnight. */
export function minutesOf(time: string): number {
  const [hours = '0', minutes = '0'] = time.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/**
 * The instant when the clocks of `timeZone` show `minutes` on the local date `year-month-day`
 * (+ `addDays`). On a spring-forward gap it lands just after the gap.
 */
export function zonedInstant(timeZone: string, date: { year: number; month: number; day: number }, addDays: number, minutes: number): Date {
  const wanted = Date.UTC(date.year, date.month - 1, date.day + addDays, 0, minutes);
  let guess = wanted;
  // Two corrections are enough: the offset found at the first guess, then at the corrected one.
  for (let round = 0; round < 2; round += 1) {
    const local = localTime(new Date(guess), timeZone);
    const shown = Date.UTC(local.year, local.month - 1, local.day, 0, local.minutes, local.seconds);
    guess += wanted - shown;
  }
  return new Date(guess);
}
