import { planDelivery, type SchoolHours } from '../../notify/plan-delivery.js';
import { localTime, zonedInstant } from '../../notify/zoned-time.js';

/**
 * How long before a week's send time the scan writes its rows: the worker then sends at the very
 * opening of the school's hours (a scan on Sunday evening leaves Monday 07:30's e-mails waiting),
 * rather than at the first scan after it.
 */
const SCHEDULE_LEAD_MS = 12 * 3_600_000;

/** The week a reminder belongs to, and when it may go out. */
export interface ReminderWeek {
  /** The week's Monday in the school's time zone, `YYYY-MM-DD`: with the teacher, the row's unique key. */
  readonly weekStart: string;
  /** The first moment of the week the school's notification hours allow (Monday 07:30 by default). */
  readonly sendAt: Date;
}

/**
 * The week whose reminder is to be written at `now`. Each week owns the time from its send time
 * (less the lead) to the next week's, so every instant belongs to exactly one week: a scan on
 * Sunday at 22:00 already writes the coming week's row, and a first scan late on a Wednesday (a
 * server down since Sunday, a new teacher) still writes the current one, never last week's.
 */
export function reminderWeek(now: Date, timeZone: string, hours: SchoolHours): ReminderWeek {
  const today = localTime(now, timeZone);
  const weekOf = (mondayOffset: number): ReminderWeek => {
    const monday = zonedInstant(timeZone, today, mondayOffset, 0);
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + mondayOffset));
    return { weekStart: date.toISOString().slice(0, 10), sendAt: planDelivery({ now: monday, timeZone, school: hours, personal: null, urgent: false }) };
  };
  const thisMonday = 1 - today.weekday;
  for (const offset of [thisMonday + 7, thisMonday]) {
    const week = weekOf(offset);
    if (now.getTime() >= week.sendAt.getTime() - SCHEDULE_LEAD_MS) return week;
  }
  return weekOf(thisMonday - 7);
}

/** True once the week after `weekStart` has begun to be scheduled: a reminder still unsent by then is stale. */
export function isWeekOver(weekStart: string, now: Date, timeZone: string, hours: SchoolHours): boolean {
  return reminderWeek(now, timeZone, hours).weekStart > weekStart;
}
