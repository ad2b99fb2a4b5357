import type { DigestOption } from '../model/notification-preference.js';
import { localTime, minutesOf, zonedInstant } from './zoned-time.js';

/** The school's hours when notifications may be sent. */
export interface SchoolHours {
  readonly start: string;
  readonly end: string;
  /** ISO weekdays (1 = Monday). */
  readonly days: readonly number[];
}

/** A person's own choices; quiet hours may span midnight (22:00–07:00). */
export interface PersonalHours {
  readonly quietStart: string | null;
  readonly quietEnd: string | null;
  readonly digest: DigestOption;
}

/** Everything the planner needs for one recipient. */
export interface DeliveryPlanInput {
  readonly now: Date;
  readonly timeZone: string;
  readonly school: SchoolHours;
  readonly personal: PersonalHours | null;
  /** Urgent messages (authorised roles only) go at once, whatever the hours. */
  readonly urgent: boolean;
}

/** How many days ahead the planner looks: a school with no allowed day at all sends at once. */
const HORIZON_DAYS = 15;

function insideWindow(minutes: number, start: number, end: number): boolean {
  return start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/** True when a notification may be sent at `instant` under both the school's and the person's hours. */
function isAllowed(instant: Date, input: Omit<DeliveryPlanInput, 'now' | 'urgent'>): boolean {
  const local = localTime(instant, input.timeZone);
  if (!input.school.days.includes(local.weekday)) return false;
  if (!insideWindow(local.minutes, minutesOf(input.school.start), minutesOf(input.school.end))) return false;
  const personal = input.personal;
  if (personal?.quietStart && personal.quietEnd && insideWindow(local.minutes, minutesOf(personal.quietStart), minutesOf(personal.quietEnd))) {
    return false;
  }
  return true;
}

/**
 * When a notification may go out: now if allowed, else the next allowed moment. A daily digest
 * goes at the first allowed moment of the next day, a weekly one at that of next Monday (or the
 * first allowed day after). The message itself is stored at once whatever this returns.
 */
export function planDelivery(input: DeliveryPlanInput): Date {
  if (input.urgent) return input.now;
  const today = localTime(input.now, input.timeZone);
  const digest = input.personal?.digest ?? 'immediate';
  let firstDay = 0;
  if (digest === 'daily') firstDay = 1;
  if (digest === 'weekly') firstDay = 8 - today.weekday;
  if (firstDay === 0 && isAllowed(input.now, input)) return input.now;

  // The next allowed moment begins when the school's window opens or the person's quiet hours end.
  const openings = [input.school.start, ...(input.personal?.quietEnd ? [input.personal.quietEnd] : [])].map(minutesOf);
  for (let day = firstDay; day <= firstDay + HORIZON_DAYS; day += 1) {
    const candidates = openings
      .map((minutes) => zonedInstant(input.timeZone, today, day, minutes))
      .filter((instant) => instant.getTime() > input.now.getTime())
      .sort((a, b) => a.getTime() - b.getTime());
    for (const candidate of candidates) if (isAllowed(candidate, input)) return candidate;
  }
  return input.now;
}
