import ical, { ICalCalendarMethod, type ICalCalendar } from 'ical-generator';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { localTime } from '../notify/zoned-time.js';

/** One meeting as a calendar shows it. */
export interface CalendarMeeting {
  /** Stable across changes (RFC 5545 UID): the booking's id with the deployment's host name. */
  readonly uid: string;
  /** Grows with each change of time or place, so calendars replace the event they hold. */
  readonly sequence: number;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly summary: string;
  readonly location: string;
  readonly description: string;
  /** A video link, given as the event's URL too. */
  readonly url: string | null;
  readonly cancelled: boolean;
}

/**
 * The instant's wall-clock reading in `timeZone`, as a Date whose own (process-local) fields show
 * it: with an event time zone and no luxon or moment, ical-generator writes a Date's local fields
 * as the time in that zone, so this is what makes 16:30 in Paris read back as 16:30 Paris time.
 */
function wallClock(instant: Date, timeZone: string): Date {
  const local = localTime(instant, timeZone);
  return new Date(local.year, local.month - 1, local.day, Math.floor(local.minutes / 60), local.minutes % 60, local.seconds);
}

/**
 * An iCalendar document (RFC 5545) of meetings in the school's time zone, with its VTIMEZONE:
 * METHOD:REQUEST for invitations and feeds, METHOD:CANCEL for a cancellation (pass `method`).
 */
export function meetingCalendar(options: { name: string; timeZone: string; method: 'request' | 'cancel' | 'publish'; meetings: readonly CalendarMeeting[]; now: Date }): ICalCalendar {
  const method = { request: ICalCalendarMethod.REQUEST, cancel: ICalCalendarMethod.CANCEL, publish: ICalCalendarMethod.PUBLISH }[options.method];
  const calendar = ical({ prodId: { company: 'e-carnet', product: 'meetings', language: 'FR' }, name: options.name, method });
  // No calendar-wide zone: DTSTAMP stays in UTC as RFC 5545 wants; each event names the school's zone.
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  for (const meeting of options.meetings) {
    calendar.createEvent({
      id: meeting.uid,
      sequence: meeting.sequence,
      stamp: options.now,
      start: wallClock(meeting.startsAt, options.timeZone),
      end: wallClock(meeting.endsAt, options.timeZone),
      timezone: options.timeZone,
      summary: meeting.summary,
      location: meeting.location,
      description: meeting.description,
      url: meeting.url,
      status: meeting.cancelled ? 'CANCELLED' : 'CONFIRMED',
    } as Parameters<ICalCalendar['createEvent']>[0]);
  }
  return calendar;
}
