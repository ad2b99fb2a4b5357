import { createHash, randomBytes } from 'node:crypto';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { ModuleContext } from '../context.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError } from '../http/errors.js';
import { pickLanguage } from '../i18n/languages.js';
import { newId } from '../model/columns.js';
import { CalendarFeed } from '../model/meeting.js';
import type { Actor } from '../policy/actor.js';
import { bookingFor } from './booking-access.js';
import { loadActor } from '../policy/load-actor.js';
import { sqlInstant } from '../db/sql-values.js';
import { calendarMeetingOf } from './booking-calendar.js';
import { meetingCalendar, type CalendarMeeting } from './calendar-event.js';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** The feed's address: the token is the only secret, so it is long and random (256 bits). */
export function feedUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/calendar-feeds/${token}.ics`;
}

/**
 * Gives the person a new private calendar feed address, revoking the one before (a lost phone,
 * an address shared by mistake): only the token's hash is kept, so the address is shown once.
 */
export async function issueCalendarFeed(deps: Pick<ModuleContext, 'dataSource' | 'clock' | 'config'>, actor: Actor): Promise<string> {
  const now = deps.clock.now();
  const token = randomBytes(32).toString('base64url');
  await runInTransaction(deps.dataSource, async (manager) => {
    await manager.query('UPDATE calendar_feed SET revokedAt = ? WHERE personId = ? AND revokedAt IS NULL', [sqlInstant(now), actor.personId]);
    await manager.getRepository(CalendarFeed).insert({ id: newId(), personId: actor.personId, tokenHash: hashOf(token), createdAt: now, revokedAt: null });
    await recordAuditEvent(manager, { schoolId: null, actorId: actor.personId, action: 'meeting.feed.issued', subjectKind: 'person', subjectId: actor.personId, at: now });
  });
  return feedUrl(deps.config.baseUrl, token);
}

/** Revokes the person's feed: calendars subscribed to it get nothing more. */
export async function revokeCalendarFeed(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor): Promise<void> {
  const now = deps.clock.now();
  await runInTransaction(deps.dataSource, async (manager) => {
    await manager.query('UPDATE calendar_feed SET revokedAt = ? WHERE personId = ? AND revokedAt IS NULL', [sqlInstant(now), actor.personId]);
    await recordAuditEvent(manager, { schoolId: null, actorId: actor.personId, action: 'meeting.feed.revoked', subjectKind: 'person', subjectId: actor.personId, at: now });
  });
}

const readMeetingIdRow = rowReader({ bookingId: column.text });

/**
 * The feed behind a token: the person's meetings (a host's: all those they hold; a guardian's:
 * the ones they booked or that were booked for them together), from a month back, with those
 * cancelled since marked so. A guessed or revoked token answers MEETING_FEED_INVALID, like an
 * unknown one. What a guardian no longer may follow drops out at once.
 */
export async function readCalendarFeed(deps: Pick<ModuleContext, 'dataSource' | 'clock' | 'config' | 'translator'>, token: string): Promise<string> {
  const now = deps.clock.now();
  const feeds = await queryRows(deps.dataSource, rowReader({ personId: column.text, preferredLanguage: column.nullableText }),
    'SELECT f.personId AS personId, p.preferredLanguage AS preferredLanguage FROM calendar_feed f JOIN person p ON p.id = f.personId WHERE f.tokenHash = ? AND f.revokedAt IS NULL', [hashOf(token)]);
  const feed = feeds[0];
  if (!feed) throw new AppError('MEETING_FEED_INVALID');
  const t = deps.translator.forLanguage(pickLanguage([feed.preferredLanguage]));
  const since = new Date(now.getTime() - 31 * 24 * 3600 * 1000);
  const ids = await queryRows(
    deps.dataSource,
    readMeetingIdRow,
    `SELECT DISTINCT b.id AS bookingId FROM meeting_booking b JOIN meeting_slot s ON s.id = b.slotId
       LEFT JOIN meeting_host h ON h.campaignId = b.campaignId AND h.hostId = ?
       LEFT JOIN meeting_invitation i ON i.campaignId = b.campaignId AND i.pupilId = b.pupilId AND i.guardianId = ?
      WHERE s.startsAt >= ? AND (h.hostId IS NOT NULL OR b.bookedBy = ? OR (b.together = 1 AND i.id IS NOT NULL))`,
    [feed.personId, feed.personId, sqlInstant(since), feed.personId],
  );
  const actor = await loadActor(deps.dataSource, feed.personId, now);
  const meetings: CalendarMeeting[] = [];
  let timeZone = 'Europe/Paris';
  for (const { bookingId } of ids) {
    const access = await bookingFor(deps.dataSource, actor, bookingId, now).catch(() => undefined);
    if (!access || (!access.hosts && !access.isFamily)) continue;
    timeZone = access.campaign.timezone;
    meetings.push(calendarMeetingOf(access.booking, access.campaign, access.pupil.givenName, t, deps.config.baseUrl));
  }
  return meetingCalendar({ name: t('meetings.calendar.feedName'), timeZone, method: 'publish', meetings, now }).toString();
}
