import type { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../db/unique-violation.js';
import { runInTransaction } from '../../db/transaction.js';
import { sqlInstant } from '../../db/sql-values.js';
import { newId } from '../../model/columns.js';
import { LinkNotice } from '../../model/link-notice.js';
import { readSchoolSettings } from '../../model/school-settings.js';
import { planDelivery } from '../../notify/plan-delivery.js';
import { LIVE_OPTED_IN_LINK } from './live-opted-in-link.js';

/**
 * How far back the scan looks for entries that became visible. The unique index, not this window,
 * keeps notices from repeating; the window only bounds the scan and keeps a link holder from being
 * told, after a long outage or on the day this feature is switched on, of entries weeks old.
 */
export const NOTICE_LOOKBACK_MS = 7 * 24 * 3_600_000;

/** Rows read per round; a round never splits one link's entries unless one link alone fills it. */
const PAGE = 1000;

interface NewlyVisible {
  grantId: string;
  schoolId: string;
  pupilId: string;
  entryId: string;
  timezone: string;
  settingsJson: string;
}

/**
 * Finds entries that have become visible to families (`familiesSeeAt <= now`) since each live,
 * opted-in personal link was created, and not yet noticed for that link, and writes one
 * `link_notice` row for each, due when the school's notification hours allow. Where the school
 * forbids personal links the row is written already cancelled, so nothing is sent and the scan
 * does not find it again. Safe to run often, from several processes at once: a row another scan
 * wrote first is skipped on the unique index. Returns how many notices now wait to be sent.
 */
export async function scheduleLinkNotices(dataSource: DataSource, now: Date): Promise<number> {
  let scheduled = 0;
  for (;;) {
    const rows = await newlyVisibleEntries(dataSource, now);
    if (rows.length === 0) return scheduled;
    const round = wholeLinksOf(rows);
    scheduled += await writeNotices(dataSource, round, now);
    if (rows.length < PAGE) return scheduled;
  }
}

async function newlyVisibleEntries(dataSource: DataSource, now: Date): Promise<NewlyVisible[]> {
  const at = sqlInstant(now);
  return (await dataSource.query(
    `SELECT g.id AS grantId, g.schoolId AS schoolId, g.pupilId AS pupilId, f.entryId AS entryId, s.timezone AS timezone, s.settingsJson AS settingsJson
       FROM share_grant g
       JOIN school s ON s.id = g.schoolId
       JOIN portfolio_feed_item f ON f.pupilId = g.pupilId AND f.schoolId = g.schoolId
      WHERE ${LIVE_OPTED_IN_LINK}
        AND f.familiesSeeAt <= ? AND f.familiesSeeAt > ? AND f.familiesSeeAt > g.createdAt
        AND NOT EXISTS (SELECT 1 FROM link_notice n WHERE n.grantId = g.id AND n.entryId = f.entryId)
      ORDER BY g.id, f.entryId
      LIMIT ${PAGE}`,
    [at, at, sqlInstant(new Date(now.getTime() - NOTICE_LOOKBACK_MS))],
  )) as NewlyVisible[];
}

/**
 * A full page may end in the middle of a link's entries: that link waits for the next round, so
 * its entries go out in one e-mail rather than two (the worker could send between the rounds).
 */
function wholeLinksOf(rows: readonly NewlyVisible[]): readonly NewlyVisible[] {
  if (rows.length < PAGE) return rows;
  const last = rows.at(-1)!.grantId;
  const complete = rows.filter((row) => row.grantId !== last);
  return complete.length > 0 ? complete : rows;
}

/**
 * One transaction for the round, so the worker claims all of a link's new entries together or
 * none of them. Rows go in key order, so two scans lock them in the same order and do not deadlock.
 */
async function writeNotices(dataSource: DataSource, rows: readonly NewlyVisible[], now: Date): Promise<number> {
  const plans = new Map<string, { allowed: boolean; notBefore: Date }>();
  const planFor = (row: NewlyVisible) => {
    let plan = plans.get(row.schoolId);
    if (!plan) {
      const settings = readSchoolSettings({ settingsJson: row.settingsJson });
      const notBefore = planDelivery({ now, timeZone: row.timezone, school: settings.messaging.notificationHours, personal: null, urgent: false });
      plan = { allowed: settings.sharing.personalLinksAllowed, notBefore };
      plans.set(row.schoolId, plan);
    }
    return plan;
  };
  return runInTransaction(dataSource, async (manager) => {
    let pending = 0;
    for (const row of rows) {
      const plan = planFor(row);
      const notice: LinkNotice = Object.assign(new LinkNotice(), {
        id: newId(),
        schoolId: row.schoolId,
        grantId: row.grantId,
        pupilId: row.pupilId,
        entryId: row.entryId,
        status: plan.allowed ? 'pending' : 'cancelled',
        notBefore: plan.notBefore,
        attempts: 0,
        lastError: plan.allowed ? null : 'personal links forbidden by the school',
        lockedBy: null,
        lockedUntil: null,
        sentAt: null,
        createdAt: now,
      });
      try {
        await manager.insert(LinkNotice, notice);
        if (plan.allowed) pending += 1;
      } catch (error) {
        // Another scan noticed this entry for this link first: that notice stands, this one is not needed.
        if (!isUniqueViolation(error)) throw error;
      }
    }
    return pending;
  });
}
