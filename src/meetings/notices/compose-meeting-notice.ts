import type { Translator } from '../../i18n/translator.js';
import type { UiLanguage } from '../../i18n/languages.js';
import type { Delivery } from '../../notify/channels/channel.js';
import type { MeetingEvent } from '../../model/meeting.js';
import type { BookingFacts } from '../booking-facts.js';
import { calendarMeetingOf } from '../booking-calendar.js';
import type { CampaignFacts } from '../campaign-facts.js';
import { meetingCalendar } from '../calendar-event.js';
import { meetingTime } from '../meeting-wording.js';

/** Who the e-mail goes to. */
export interface NoticeRecipient {
  readonly personId: string;
  readonly name: string;
  readonly email: string | null;
  readonly language: UiLanguage;
}

/**
 * A meeting e-mail: what changed (booked, moved, cancelled) or tomorrow's reminder, with the
 * meeting as an `.ics` attachment (METHOD:REQUEST, or CANCEL for a cancellation) that phone and
 * desktop calendars add, move or remove under the booking's UID. Its id is the notice row's, so a
 * retry carries the same Message-ID.
 */
export function composeMeetingNotice(
  noticeId: string,
  event: MeetingEvent,
  booking: BookingFacts,
  campaign: CampaignFacts,
  pupilName: string,
  recipient: NoticeRecipient,
  translator: Translator,
  baseUrl: string,
  now: Date,
): Delivery {
  const t = translator.forLanguage(recipient.language);
  const meeting = calendarMeetingOf(booking, campaign, pupilName, t, baseUrl);
  const method = event === 'cancelled' ? 'cancel' : 'request';
  const calendar = meetingCalendar({ name: campaign.title, timeZone: campaign.timezone, method, meetings: [{ ...meeting, cancelled: event === 'cancelled' }], now }).toString();
  const when = meetingTime(booking.slot.startsAt, campaign.timezone, recipient.language);
  const link = `${baseUrl}/meetings/${booking.id}`;
  return {
    id: noticeId,
    channel: 'email',
    recipient: { personId: recipient.personId, name: recipient.name, email: recipient.email, language: recipient.language },
    messages: [],
    link,
    title: t(`meetings.notice.${event}.subject`, { title: campaign.title, child: pupilName }),
    text: [t(`meetings.notice.${event}.body`, { title: campaign.title, child: pupilName, when }), meeting.location].join('\n\n'),
    attachments: [{ filename: 'meeting.ics', contentType: `text/calendar; charset=utf-8; method=${method.toUpperCase()}`, content: calendar }],
  };
}
