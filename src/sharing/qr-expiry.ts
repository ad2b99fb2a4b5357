import type { QrValidity } from '../model/qr-validity.js';
import { localTime, zonedInstant } from '../notify/zoned-time.js';

const HOUR_MS = 3_600_000;

/**
 * When a QR code issued at `issuedAt` stops working, for a school in `timeZone`.
 *
 * - Hours are elapsed time: a 6-hour code for an evening lasts 6 hours, even on the night the
 *   clocks change.
 * - Days and months are calendar ones in the school's zone, ending at the same local time as the
 *   code was issued, so the date a family reads on the sheet is the one the school meant across a
 *   change of clocks. A month with fewer days ends on its last day: 3 months from 30 November
 *   (or 31 May + 1 month) end on the last day of February (or 30 June).
 * - A local time that the clocks skip that day (spring forward) lands just after the gap.
 */
export function qrExpiry(issuedAt: Date, validity: QrValidity, timeZone: string): Date {
  if (validity.unit === 'hours') return new Date(issuedAt.getTime() + validity.amount * HOUR_MS);
  const local = localTime(issuedAt, timeZone);
  const target = validity.unit === 'days' ? { year: local.year, month: local.month, day: local.day + validity.amount } : monthsLater(local, validity.amount);
  // Seconds and milliseconds are the same in every zone: add them back to the minute found.
  const subMinute = local.seconds * 1000 + issuedAt.getUTCMilliseconds();
  return new Date(zonedInstant(timeZone, target, 0, local.minutes).getTime() + subMinute);
}

/** The same day of the month `months` later, or that month's last day when it is shorter. */
function monthsLater(date: { year: number; month: number; day: number }, months: number): { year: number; month: number; day: number } {
  const monthIndex = date.month - 1 + months;
  const year = date.year + Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  // Day 0 of the following month is the last day of this one.
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { year, month, day: Math.min(date.day, lastDay) };
}
