import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { ModuleContext } from '../context.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError } from '../http/errors.js';
import { MeetingBooking } from '../model/meeting.js';
import type { Actor } from '../policy/actor.js';
import { bookingFor } from './booking-access.js';
import { familyOf, planNotices, writeNotices } from './schedule-notices.js';

/**
 * Cancels a booking: the family until the round's deadline (then MEETING_BOOKING_CLOSED), the
 * hosts until the meeting. The slot is free again at once (its live booking is gone), the
 * calendars get a METHOD:CANCEL at the next sequence, and everyone concerned is told.
 */
export async function cancelBooking(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor, bookingId: string): Promise<void> {
  const { dataSource } = deps;
  const now = deps.clock.now();
  const { booking, campaign, hosts, isFamily } = await bookingFor(dataSource, actor, bookingId, now);
  if (!hosts && !isFamily) throw new AppError('FORBIDDEN');
  if (booking.status !== 'booked') throw new AppError('MEETING_NOT_BOOKED');
  if (!hosts && now.getTime() >= campaign.bookingClosesAt.getTime()) throw new AppError('MEETING_BOOKING_CLOSED');
  const family = await familyOf(dataSource, campaign, booking, now);
  const notices = await planNotices(dataSource, campaign, family, 'cancelled', null, now);
  const sequence = booking.sequence + 1;
  await runInTransaction(dataSource, async (manager) => {
    // Conditional: a cancellation racing another one (or the host's move) changes nothing twice.
    const result = await manager
      .getRepository(MeetingBooking)
      .update({ id: booking.id, status: 'booked', sequence: booking.sequence }, { status: 'cancelled', liveSlotId: null, sequence, cancelledAt: now, cancelledBy: actor.personId });
    if ((result.affected ?? 0) !== 1) throw new AppError('MEETING_NOT_BOOKED');
    await writeNotices(manager, campaign.schoolId, booking.id, sequence, notices, now);
    await recordAuditEvent(manager, {
      schoolId: campaign.schoolId,
      actorId: actor.personId,
      action: 'meeting.cancelled',
      subjectKind: 'meetingBooking',
      subjectId: booking.id,
      detail: { campaignId: campaign.id, slotId: booking.slot.id, by: hosts ? 'school' : 'family' },
      at: now,
    });
  });
}
