import type { ModuleContext } from '../context.js';
import type { Translate } from '../i18n/translate.js';
import type { Actor } from '../policy/actor.js';
import { AppError } from '../http/errors.js';
import { bookingFor } from './booking-access.js';
import type { BookingFacts } from './booking-facts.js';
import type { CampaignFacts } from './campaign-facts.js';
import { meetingCalendar, type CalendarMeeting } from './calendar-event.js';

/** The calendar event of a booking, worded for one reader; the UID is the booking's, so every change replaces it. */
export function calendarMeetingOf(booking: BookingFacts, campaign: CampaignFacts, pupilName: string, t: Translate, baseUrl: string): CalendarMeeting {
  const host = new URL(baseUrl).hostname || 'e-carnet';
  const place = t(`meetings.place.${booking.slot.placeKind}`);
  return {
    uid: `meeting-${booking.id}@${host}`,
    sequence: booking.sequence,
    startsAt: booking.slot.startsAt,
    endsAt: booking.slot.endsAt,
    summary: t('meetings.calendar.summary', { title: campaign.title, child: pupilName }),
    location: booking.slot.placeDetail ? `${place} — ${booking.slot.placeDetail}` : place,
    description: `${campaign.schoolName}\n${baseUrl}/meetings/${booking.id}`,
    url: booking.slot.placeKind === 'video' ? booking.slot.placeDetail : null,
    cancelled: booking.status === 'cancelled',
  };
}

/** The `.ics` of one booking for someone who may see it: METHOD:CANCEL once cancelled, REQUEST otherwise. */
export async function bookingCalendarFile(deps: Pick<ModuleContext, 'dataSource' | 'clock' | 'config'>, actor: Actor, bookingId: string, t: Translate): Promise<string> {
  const now = deps.clock.now();
  const { booking, campaign, pupil, hosts, isFamily } = await bookingFor(deps.dataSource, actor, bookingId, now);
  if (!hosts && !isFamily) throw new AppError('FORBIDDEN');
  const meeting = calendarMeetingOf(booking, campaign, pupil.givenName, t, deps.config.baseUrl);
  return meetingCalendar({ name: campaign.title, timeZone: campaign.timezone, method: meeting.cancelled ? 'cancel' : 'request', meetings: [meeting], now }).toString();
}
