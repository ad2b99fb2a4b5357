import { column, queryRows, rowReader, type RawQueries } from '../db/row-reader.js';
import { BOOKING_STATUSES, PLACE_KINDS } from '../model/meeting.js';
import { companionInput, type Companion } from './inputs.js';

/** A slot with its campaign id, as booking reads it. */
export interface SlotFacts {
  readonly id: string;
  readonly campaignId: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly placeKind: (typeof PLACE_KINDS)[number];
  readonly placeDetail: string;
  readonly status: 'open' | 'cancelled';
}

const slotShape = {
  id: column.text,
  campaignId: column.text,
  startsAt: column.instant,
  endsAt: column.instant,
  placeKind: column.oneOf(PLACE_KINDS),
  placeDetail: column.text,
  status: column.oneOf(['open', 'cancelled'] as const),
};
const readSlotRow = rowReader(slotShape);

/** The slot, or undefined. */
export async function loadSlot(database: RawQueries, slotId: string): Promise<SlotFacts | undefined> {
  const rows = await queryRows(database, readSlotRow, 'SELECT id, campaignId, startsAt, endsAt, placeKind, placeDetail, status FROM meeting_slot WHERE id = ?', [slotId]);
  return rows[0];
}

/** A booking with its slot. */
export interface BookingFacts {
  readonly id: string;
  readonly campaignId: string;
  readonly pupilId: string;
  readonly bookedBy: string;
  readonly together: boolean;
  readonly companions: readonly Companion[];
  readonly status: (typeof BOOKING_STATUSES)[number];
  readonly sequence: number;
  readonly slot: SlotFacts;
}

const readBookingRow = rowReader({
  bookingId: column.text,
  pupilId: column.text,
  bookedBy: column.text,
  together: column.flag,
  companions: column.json((document) => companionInput.array().parse(document)),
  bookingStatus: column.oneOf(BOOKING_STATUSES),
  sequence: column.number,
  ...slotShape,
});

const BOOKING_SQL = `SELECT b.id AS bookingId, b.pupilId AS pupilId, b.bookedBy AS bookedBy, b.together AS together, b.companionsJson AS companions,
       b.status AS bookingStatus, b.sequence AS sequence, s.id AS id, s.campaignId AS campaignId, s.startsAt AS startsAt, s.endsAt AS endsAt,
       s.placeKind AS placeKind, s.placeDetail AS placeDetail, s.status AS status
  FROM meeting_booking b JOIN meeting_slot s ON s.id = b.slotId`;

function toBooking(row: ReturnType<typeof readBookingRow>): BookingFacts {
  const { bookingId, pupilId, bookedBy, together, companions, bookingStatus, sequence, ...slot } = row;
  return { id: bookingId, campaignId: slot.campaignId, pupilId, bookedBy, together, companions, status: bookingStatus, sequence, slot };
}

/** The booking, or undefined. */
export async function loadBooking(database: RawQueries, bookingId: string): Promise<BookingFacts | undefined> {
  const rows = await queryRows(database, readBookingRow, `${BOOKING_SQL} WHERE b.id = ?`, [bookingId]);
  return rows[0] ? toBooking(rows[0]) : undefined;
}

/** The live bookings of a child in a campaign (one per guardian booking on their own, or one together). */
export async function liveBookingsOfChild(database: RawQueries, campaignId: string, pupilId: string): Promise<BookingFacts[]> {
  const rows = await queryRows(database, readBookingRow, `${BOOKING_SQL} WHERE b.campaignId = ? AND b.pupilId = ? AND b.status = 'booked'`, [campaignId, pupilId]);
  return rows.map(toBooking);
}

/** The slots of a campaign still free to book now, soonest first. */
export async function freeSlots(database: RawQueries, campaignId: string, now: Date): Promise<SlotFacts[]> {
  const rows = await queryRows(
    database,
    readSlotRow,
    `SELECT s.id AS id, s.campaignId AS campaignId, s.startsAt AS startsAt, s.endsAt AS endsAt, s.placeKind AS placeKind, s.placeDetail AS placeDetail, s.status AS status
       FROM meeting_slot s LEFT JOIN meeting_booking b ON b.liveSlotId = s.id
      WHERE s.campaignId = ? AND s.status = 'open' AND b.id IS NULL`,
    [campaignId],
  );
  return rows.filter((slot) => slot.startsAt.getTime() > now.getTime()).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
