import type { DataSource } from 'typeorm';
import { findPupil } from '../directory/pupil-facts.js';
import { notFound } from '../http/errors.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { loadBooking, type BookingFacts } from './booking-facts.js';
import { loadCampaign, meetingResource, type CampaignFacts } from './campaign-facts.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** A booking with its campaign and the policy's view of it. */
export interface BookingInContext {
  readonly booking: BookingFacts;
  readonly campaign: CampaignFacts;
  readonly pupil: { readonly id: string; readonly givenName: string; readonly familyName: string; readonly classIds: readonly string[] };
  readonly summaryPublished: boolean;
  /** True when the actor holds the meeting. */
  readonly hosts: boolean;
  /** True when the actor is one of the family this booking is for (the booker, or any invited guardian when booked together). */
  readonly isFamily: boolean;
}

/**
 * Reads a booking for someone who may `view` it: its hosts, the director, and the family it is
 * for (a separated parent's own booking is not the other parent's). NOT_FOUND otherwise.
 */
export async function bookingFor(dataSource: DataSource, actor: Actor, bookingId: string, now: Date): Promise<BookingInContext> {
  const booking = await loadBooking(dataSource, bookingId);
  const campaign = booking ? await loadCampaign(dataSource, booking.campaignId) : undefined;
  const pupil = booking && campaign ? await findPupil(dataSource, campaign.schoolId, booking.pupilId, now) : undefined;
  if (!booking || !campaign || !pupil) throw notFound();
  const published = await queryRows(dataSource, rowReader({ publishedAt: column.nullableInstant }), 'SELECT publishedAt FROM meeting_record WHERE bookingId = ?', [bookingId]);
  const summaryPublished = (published[0]?.publishedAt ?? null) !== null;
  const resource = meetingResource(campaign, pupil, summaryPublished);
  const hosts = can(actor, 'hold', resource);
  const isFamily = can(actor, 'book', resource) && (booking.together || booking.bookedBy === actor.personId);
  if (!hosts && !isFamily && !(can(actor, 'view', resource) && !can(actor, 'book', resource))) throw notFound();
  return { booking, campaign, pupil, summaryPublished, hosts, isFamily };
}
