import { localDate, zonedInstant } from '../school-year/local-time.js';

/** A weekly publication slot of the school (ISO weekday, 1 = Monday; local time HH:MM). */
interface PublicationSlot {
  readonly weekday: number;
  readonly time: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
function isoWeekday(date: string): number {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * The first publication slot strictly after `now`, in the school's time zone, so a teacher who
 * schedules on Friday at 16:45 goes out the next Friday, not in the past. With no slot set, the
 * entry goes out at once.
 */
export function nextPublicationSlot(slots: readonly PublicationSlot[], timezone: string, now: Date): Date {
  if (slots.length === 0) return now;
  const today = localDate(now, timezone);
  let best: Date | undefined;
  // Eight days covers every weekday once more, including today's later slots and next week's same day.
  for (let offset = 0; offset <= 7; offset += 1) {
    const date = localDate(new Date(new Date(`${today}T12:00:00Z`).getTime() + offset * DAY_MS), 'UTC');
    const weekday = isoWeekday(date);
    for (const slot of slots) {
      if (slot.weekday !== weekday) continue;
      const instant = zonedInstant(date, `${slot.time}:00.000`, timezone);
      if (instant.getTime() > now.getTime() && (best === undefined || instant < best)) best = instant;
    }
  }
  return best ?? now;
}

/** The slots still to come in the next `days` days, for the teacher's "goes out on" choice. */
export function upcomingPublicationSlots(slots: readonly PublicationSlot[], timezone: string, now: Date, count: number): Date[] {
  const found: Date[] = [];
  let after = now;
  while (found.length < count && slots.length > 0) {
    const next = nextPublicationSlot(slots, timezone, after);
    if (next.getTime() <= after.getTime()) break;
    found.push(next);
    after = next;
  }
  return found;
}
