import type { DataSource, EntityManager } from 'typeorm';
import { loadSchoolFacts } from '../messaging/school-facts.js';
import { planNotifications } from '../messaging/plan-notifications.js';
import { newId } from '../model/columns.js';
import { MeetingNotice, type MeetingEvent } from '../model/meeting.js';
import type { CampaignFacts } from './campaign-facts.js';
import { listInvitees } from './invitees.js';
import type { BookingFacts } from './booking-facts.js';

/** Meeting e-mails to write with a change, each with the time the quiet-hours planner chose. */
export interface PlannedNotice {
  readonly recipientId: string;
  readonly event: MeetingEvent;
  readonly notBefore: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The families told of a booking: the booker, or every guardian invited for the child when they
 * booked together — as the child's records stand now, so a guardian kept away since is not told.
 */
export async function familyOf(dataSource: DataSource, campaign: CampaignFacts, booking: Pick<BookingFacts, 'pupilId' | 'bookedBy' | 'together'>, now: Date): Promise<string[]> {
  if (!booking.together) return [booking.bookedBy];
  const invitees = await listInvitees(dataSource, campaign.schoolId, [booking.pupilId], campaign.informationOnlyInvited, now);
  return [...new Set([booking.bookedBy, ...invitees.map((invitee) => invitee.guardianId)])];
}

/**
 * Plans the e-mails of one change for the family and the hosts, through the messaging planner
 * (school and personal quiet hours, digest choice; people without an e-mail address or who
 * switched e-mail off get none), and the family's reminder the day before when it can still come
 * before the meeting. Reads only: call it before the transaction that writes them.
 */
export async function planNotices(
  dataSource: DataSource,
  campaign: CampaignFacts,
  family: readonly string[],
  event: MeetingEvent,
  startsAt: Date | null,
  now: Date,
): Promise<PlannedNotice[]> {
  const school = await loadSchoolFacts(dataSource, campaign.schoolId);
  if (!school) return [];
  const everyone = [...new Set([...family, ...campaign.hostIds])];
  const planned = (await planNotifications(dataSource, school, everyone, new Set(['email']), false, now)).map((notice) => ({ recipientId: notice.recipientId, event, notBefore: notice.notBefore }));
  if (startsAt && event !== 'cancelled') {
    const dayBefore = new Date(Math.max(now.getTime(), startsAt.getTime() - DAY_MS));
    const reminders = await planNotifications(dataSource, school, family, new Set(['email']), false, dayBefore);
    for (const reminder of reminders) {
      if (reminder.notBefore.getTime() < startsAt.getTime() && startsAt.getTime() - now.getTime() > DAY_MS / 2) {
        planned.push({ recipientId: reminder.recipientId, event: 'reminder', notBefore: reminder.notBefore });
      }
    }
  }
  return planned;
}

/** Writes planned e-mails of a booking at its current sequence, inside the caller's transaction. */
export async function writeNotices(manager: EntityManager, schoolId: string, bookingId: string, sequence: number, notices: readonly PlannedNotice[], now: Date): Promise<void> {
  if (notices.length === 0) return;
  await manager.getRepository(MeetingNotice).insert(
    notices.map((notice) => ({
      id: newId(),
      schoolId,
      bookingId,
      recipientId: notice.recipientId,
      event: notice.event,
      sequence,
      status: 'pending' as const,
      notBefore: notice.notBefore,
      attempts: 0,
      lastError: null,
      lockedBy: null,
      lockedUntil: null,
      sentAt: null,
      createdAt: now,
    })),
  );
}
