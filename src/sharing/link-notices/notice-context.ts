import type { DataSource } from 'typeorm';
import { sqlInstant } from '../../db/sql-values.js';
import { findPupil } from '../../directory/pupil-facts.js';
import { pickLanguage, type UiLanguage } from '../../i18n/languages.js';
import { readSchoolSettings } from '../../model/school-settings.js';
import type { SchoolHours } from '../../notify/plan-delivery.js';
import { LIVE_OPTED_IN_LINK } from './live-opted-in-link.js';
import { column, queryRows, rowReader } from '../../db/row-reader.js';

/** What a notice may say, and to whom, read again just before it is sent. */
export interface LinkNoticeContext {
  readonly grantId: string;
  readonly pupilId: string;
  readonly email: string;
  readonly language: UiLanguage;
  /** The child's first name: the only thing about the child a notice says. */
  readonly childGivenName: string;
  readonly timezone: string;
  readonly hours: SchoolHours;
}

interface Row {
  grantId: string;
  schoolId: string;
  pupilId: string;
  email: string;
  language: string | null;
  creatorLanguage: string | null;
  timezone: string;
  settingsJson: string;
}

/**
 * The link's holder and what to tell them, or undefined when nothing may be sent any more: the
 * link was revoked or has expired, its holder unsubscribed, the school now forbids personal
 * links, or the child is no longer the school's (the link would open nothing). Read at send time,
 * not when the notice was scheduled, so a change in between takes effect.
 *
 * The e-mail is in the link's language; a link created without one is written in the language of
 * the guardian who gave it, who most likely shares it with the holder.
 */
export async function readLinkNoticeContext(dataSource: DataSource, grantId: string, now: Date): Promise<LinkNoticeContext | undefined> {
  const rows = (await dataSource.query(
    `SELECT g.id AS grantId, g.schoolId AS schoolId, g.pupilId AS pupilId, g.notifyEmail AS email, g.language AS language,
            c.preferredLanguage AS creatorLanguage, s.timezone AS timezone, s.settingsJson AS settingsJson
       FROM share_grant g
       JOIN school s ON s.id = g.schoolId
       LEFT JOIN person c ON c.id = g.createdById
      WHERE g.id = ? AND ${LIVE_OPTED_IN_LINK}`,
    [grantId, sqlInstant(now)],
  )) as Row[];
  const row = rows[0];
  if (!row) return undefined;
  const settings = readSchoolSettings({ settingsJson: row.settingsJson });
  if (!settings.sharing.personalLinksAllowed) return undefined;
  const pupil = await findPupil(dataSource, row.schoolId, row.pupilId, now);
  if (!pupil) return undefined;
  return {
    grantId: row.grantId,
    pupilId: row.pupilId,
    email: row.email,
    language: pickLanguage([row.language, row.creatorLanguage]),
    childGivenName: pupil.givenName,
    timezone: row.timezone,
    hours: settings.messaging.notificationHours,
  };
}

/**
 * Which of these entries the child's family still sees now. An entry taken back (withdrawn, back
 * to draft, moved to a later slot) has left the child's timeline and is no news.
 */
export async function stillVisibleEntries(dataSource: DataSource, pupilId: string, entryIds: readonly string[], now: Date): Promise<Set<string>> {
  if (entryIds.length === 0) return new Set();
  const rows = await queryRows(dataSource, rowReader({ entryId: column.text }), `SELECT entryId FROM portfolio_feed_item WHERE pupilId = ? AND familiesSeeAt <= ? AND entryId IN (${entryIds.map(() => '?').join(', ')})`,
    [pupilId, sqlInstant(now), ...entryIds]);
  return new Set(rows.map((row) => row.entryId));
}
