import type { ModuleContext } from '../context.js';
import { sqlInstant } from '../db/sql-values.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { inForce } from '../directory/in-force.js';
import { notFound } from '../http/errors.js';
import { isDirectorOf } from './director.js';
import type { Actor } from '../policy/actor.js';

/** Families (children) of one campaign and class at each step. */
export interface ParticipationLine {
  readonly campaignId: string;
  readonly title: string;
  readonly classId: string | null;
  readonly className: string | null;
  /** Families invited (one per child). */
  readonly invited: number;
  /** With a meeting booked and still to come, or held. */
  readonly booked: number;
  readonly met: number;
  /** Whose bookings were all cancelled, with none live. */
  readonly cancelled: number;
  /** Invited, nothing booked, and no guardian ever opened the invitation: to call, or give paper. */
  readonly neverReached: number;
}

const readFamilyRow = rowReader({
  campaignId: column.text,
  title: column.text,
  pupilId: column.text,
  classId: column.nullableText,
  className: column.nullableText,
  live: column.count,
  met: column.count,
  cancelled: column.count,
  opened: column.count,
});

/**
 * "Participation des parents aux rencontres individuelles": for each campaign of the school and
 * each class of its families (as enrolled now), how many families were invited, booked, met,
 * cancelled, and were never reached. For the director only (NOT_FOUND otherwise); counts only,
 * no child named.
 */
export async function readParticipation(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor, schoolId: string): Promise<ParticipationLine[]> {
  if (!isDirectorOf(actor, schoolId)) throw notFound();
  const at = sqlInstant(deps.clock.now());
  const rows = await queryRows(
    deps.dataSource,
    readFamilyRow,
    `SELECT c.id AS campaignId, c.title AS title, i.pupilId AS pupilId, e.classId AS classId, k.name AS className,
            (SELECT COUNT(*) FROM meeting_booking b WHERE b.campaignId = c.id AND b.pupilId = i.pupilId AND b.status IN ('booked', 'met')) AS live,
            (SELECT COUNT(*) FROM meeting_booking b WHERE b.campaignId = c.id AND b.pupilId = i.pupilId AND b.status = 'met') AS met,
            (SELECT COUNT(*) FROM meeting_booking b WHERE b.campaignId = c.id AND b.pupilId = i.pupilId AND b.status = 'cancelled') AS cancelled,
            (SELECT COUNT(*) FROM meeting_invitation j JOIN message_recipient r ON r.messageId = j.messageId AND r.personId = j.guardianId
              WHERE j.campaignId = c.id AND j.pupilId = i.pupilId AND r.readAt IS NOT NULL) AS opened
       FROM meeting_campaign c
       JOIN (SELECT DISTINCT campaignId, pupilId FROM meeting_invitation) i ON i.campaignId = c.id
       LEFT JOIN enrolment e ON e.pupilId = i.pupilId AND e.schoolId = c.schoolId AND ${inForce('e')}
       LEFT JOIN school_class k ON k.id = e.classId
      WHERE c.schoolId = ?`,
    [at, at, schoolId],
  );
  const lines = new Map<string, { -readonly [K in keyof ParticipationLine]: ParticipationLine[K] }>();
  for (const row of rows) {
    const key = `${row.campaignId}/${row.classId ?? ''}`;
    let line = lines.get(key);
    if (!line) {
      line = { campaignId: row.campaignId, title: row.title, classId: row.classId, className: row.className, invited: 0, booked: 0, met: 0, cancelled: 0, neverReached: 0 };
      lines.set(key, line);
    }
    line.invited += 1;
    if (row.live > 0) line.booked += 1;
    if (row.met > 0) line.met += 1;
    if (row.live === 0 && row.cancelled > 0) line.cancelled += 1;
    if (row.live === 0 && row.cancelled === 0 && row.opened === 0) line.neverReached += 1;
  }
  return [...lines.values()].sort((a, b) => a.title.localeCompare(b.title, 'fr') || (a.className ?? '').localeCompare(b.className ?? '', 'fr'));
}
