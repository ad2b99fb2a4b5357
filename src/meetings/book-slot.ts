import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { ModuleContext } from '../context.js';
import { runInTransaction } from '../db/transaction.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { findPupil } from '../directory/pupil-facts.js';
import { AppError, notFound } from '../http/errors.js';
import { newId } from '../model/columns.js';
import { MeetingBooking } from '../model/meeting.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { freeSlots, liveBookingsOfChild, loadSlot, type SlotFacts } from './booking-facts.js';
import { loadCampaign, meetingResource } from './campaign-facts.js';
import type { BookingInput } from './inputs.js';
import { familyOf, planNotices, writeNotices } from './schedule-notices.js';

/** A booking made, or the slot gone to someone quicker with what is still free. */
export type BookingOutcome = { readonly outcome: 'booked'; readonly bookingId: string } | { readonly outcome: 'taken'; readonly freeSlots: readonly SlotFacts[] };

/**
 * A guardian books a slot for a child, alone or for the child's guardians together, saying who
 * comes with them. Refused: a child they may not follow or not invited (NOT_FOUND), before or
 * after the booking window (MEETING_BOOKING_NOT_OPEN, MEETING_BOOKING_CLOSED), a cancelled or past
 * slot (MEETING_SLOT_UNAVAILABLE), a second live booking for the same child and guardian
 * (MEETING_ALREADY_BOOKED). Two parents clicking at once on one slot: the unique index on the
 * live slot lets one insert through, and the other is answered `taken` with the slots still free.
 * The booking, its e-mails and its audit record are written in one transaction.
 */
export async function bookSlot(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor, slotId: string, input: BookingInput): Promise<BookingOutcome> {
  const { dataSource } = deps;
  const now = deps.clock.now();
  const slot = await loadSlot(dataSource, slotId);
  const campaign = slot ? await loadCampaign(dataSource, slot.campaignId) : undefined;
  const pupil = campaign ? await findPupil(dataSource, campaign.schoolId, input.pupilId, now) : undefined;
  if (!slot || !campaign || !pupil || !can(actor, 'book', meetingResource(campaign, pupil, false))) throw notFound();
  const [state] = await queryRows(
    dataSource,
    rowReader({ invited: column.count, liveBookings: column.count }),
    `SELECT (SELECT COUNT(*) FROM meeting_invitation WHERE campaignId = ? AND pupilId = ?) AS invited,
            (SELECT COUNT(*) FROM meeting_booking WHERE liveSlotId = ?) AS liveBookings`,
    [campaign.id, pupil.id, slot.id],
  );
  if ((state?.invited ?? 0) === 0) throw notFound();
  if (now.getTime() < campaign.bookingOpensAt.getTime()) throw new AppError('MEETING_BOOKING_NOT_OPEN');
  if (now.getTime() >= campaign.bookingClosesAt.getTime() || campaign.status !== 'open') throw new AppError('MEETING_BOOKING_CLOSED');
  if (slot.status !== 'open' || slot.startsAt.getTime() <= now.getTime()) throw new AppError('MEETING_SLOT_UNAVAILABLE');
  // Taken already: answered at once with what is free, without planning e-mails for nothing (booking opening's rush).
  if ((state?.liveBookings ?? 0) > 0) return { outcome: 'taken', freeSlots: await freeSlots(dataSource, campaign.id, now) };
  const live = await liveBookingsOfChild(dataSource, campaign.id, pupil.id);
  if (live.some((booking) => booking.together || booking.bookedBy === actor.personId)) throw new AppError('MEETING_ALREADY_BOOKED');
  if (input.together && live.length > 0) throw new AppError('MEETING_ALREADY_BOOKED');

  const family = await familyOf(dataSource, campaign, { pupilId: pupil.id, bookedBy: actor.personId, together: input.together }, now);
  const notices = await planNotices(dataSource, campaign, family, 'confirmed', slot.startsAt, now);
  const bookingId = newId();
  try {
    await runInTransaction(dataSource, async (manager) => {
      const booking: MeetingBooking = Object.assign(new MeetingBooking(), {
        id: bookingId,
        campaignId: campaign.id,
        slotId: slot.id,
        liveSlotId: slot.id,
        pupilId: pupil.id,
        bookedBy: actor.personId,
        together: input.together,
        companionsJson: JSON.stringify(input.companions),
        status: 'booked',
        sequence: 0,
        createdAt: now,
        cancelledAt: null,
        cancelledBy: null,
      });
      await manager.getRepository(MeetingBooking).insert(booking);
      await writeNotices(manager, campaign.schoolId, bookingId, 0, notices, now);
      await recordAuditEvent(manager, {
        schoolId: campaign.schoolId,
        actorId: actor.personId,
        action: 'meeting.booked',
        subjectKind: 'meetingBooking',
        subjectId: bookingId,
        detail: { campaignId: campaign.id, slotId: slot.id, pupilId: pupil.id, together: input.together, companions: input.companions.map((companion) => companion.kind) },
        at: now,
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return { outcome: 'taken', freeSlots: await freeSlots(dataSource, campaign.id, now) };
  }
  return { outcome: 'booked', bookingId };
}
