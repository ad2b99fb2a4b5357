import { sqlInstant } from '../db/sql-values.js';
import { column, queryRows, rowReader, type RawQueries } from '../db/row-reader.js';
import { AppError } from '../http/errors.js';
import type { SlotInput } from './inputs.js';

/** A slot ready to be written: its end worked out, its place checked. */
export interface PlannedSlot {
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly placeKind: SlotInput['placeKind'];
  readonly placeDetail: string;
}

/** A video link must be an https address: a family must not be sent to a plain-http or `javascript:` page. */
function isHttpsLink(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.hostname.length > 0;
  } catch {
    return false;
  }
}

const overlaps = (a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }) =>
  a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();

/**
 * Checks new slots before anything is written: none in the past (MEETING_SLOT_IN_PAST), a video
 * slot has an https link (MEETING_VIDEO_LINK_NOT_HTTPS), and none overlaps another of the new
 * ones or a slot still offered by any of the hosts in another round (MEETING_SLOT_OVERLAP).
 */
export async function checkSlots(database: RawQueries, hostIds: readonly string[], slots: readonly SlotInput[], now: Date): Promise<PlannedSlot[]> {
  const planned = slots.map((slot): PlannedSlot => {
    if (slot.startsAt.getTime() <= now.getTime()) throw new AppError('MEETING_SLOT_IN_PAST');
    if (slot.placeKind === 'video' && !isHttpsLink(slot.placeDetail)) throw new AppError('MEETING_VIDEO_LINK_NOT_HTTPS');
    return { startsAt: slot.startsAt, endsAt: new Date(slot.startsAt.getTime() + slot.minutes * 60_000), placeKind: slot.placeKind, placeDetail: slot.placeDetail };
  });
  planned.forEach((slot, index) => {
    if (planned.slice(index + 1).some((other) => overlaps(slot, other))) throw new AppError('MEETING_SLOT_OVERLAP');
  });
  if (planned.length === 0 || hostIds.length === 0) return planned;
  const first = Math.min(...planned.map((slot) => slot.startsAt.getTime()));
  const last = Math.max(...planned.map((slot) => slot.endsAt.getTime()));
  const existing = await queryRows(
    database,
    rowReader({ startsAt: column.instant, endsAt: column.instant }),
    `SELECT DISTINCT s.startsAt AS startsAt, s.endsAt AS endsAt FROM meeting_slot s JOIN meeting_host h ON h.campaignId = s.campaignId
      WHERE h.hostId IN (${hostIds.map(() => '?').join(',')}) AND s.status = 'open' AND s.startsAt < ? AND s.endsAt > ?`,
    [...hostIds, sqlInstant(new Date(last)), sqlInstant(new Date(first))],
  );
  if (planned.some((slot) => existing.some((other) => overlaps(slot, other)))) throw new AppError('MEETING_SLOT_OVERLAP');
  return planned;
}
