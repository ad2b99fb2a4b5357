import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { ModuleContext } from '../context.js';
import { runInTransaction } from '../db/transaction.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { AppError } from '../http/errors.js';
import { MeetingBooking } from '../model/meeting.js';
import type { Actor } from '../policy/actor.js';
import { bookingFor } from './booking-access.js';
import { loadSlot } from './booking-facts.js';
import { familyOf, planNotices, writeNotices } from './schedule-notices.js';

/**
 * A host moves a meeting to another free slot of the same round: the calendars get the new time
 * under the same UID at the next sequence, and the family and hosts are told. A slot taken
 * meanwhile answers MEETING_SLOT_TAKEN (the unique live slot), and nothing changes.
 */
export async function moveBooking(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor, bookingId: string, slotId: string): Promise<void> {
  const { dataSource } = deps;
  const now = deps.clock.now();
  const { booking, campaign, hosts } = await bookingFor(dataSource, actor, bookingId, now);
  if (!hosts) throw new AppError('FORBIDDEN');
  if (booking.status !== 'booked') throw new AppError('MEETING_NOT_BOOKED');
  const slot = await loadSlot(dataSource, slotId);
  if (!slot || slot.campaignId !== campaign.id || slot.status !== 'open' || slot.startsAt.getTime() <= now.getTime()) throw new AppError('MEETING_SLOT_UNAVAILABLE');
  const family = await familyOf(dataSource, campaign, booking, now);
  const notices = await planNotices(dataSource, campaign, family, 'moved', slot.startsAt, now);
  const sequence = booking.sequence + 1;
  try {
    await runInTransaction(dataSource, async (manager) => {
      const result = await manager
        .getRepository(MeetingBooking)
        .update({ id: booking.id, status: 'booked', sequence: booking.sequence }, { slotId: slot.id, liveSlotId: slot.id, sequence });
      if ((result.affected ?? 0) !== 1) throw new AppError('MEETING_NOT_BOOKED');
      await writeNotices(manager, campaign.schoolId, booking.id, sequence, notices, now);
      await recordAuditEvent(manager, {
        schoolId: campaign.schoolId,
        actorId: actor.personId,
        action: 'meeting.moved',
        subjectKind: 'meetingBooking',
        subjectId: booking.id,
        detail: { campaignId: campaign.id, fromSlotId: booking.slot.id, toSlotId: slot.id },
        at: now,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('MEETING_SLOT_TAKEN');
    throw error;
  }
}
