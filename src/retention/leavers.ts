import type { DataSource, EntityManager } from 'typeorm';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { daysAfter } from './retention-delays.js';

/** What made someone part of the school, for the retention page. */
export type LeaverRole = 'pupil' | 'teacher' | 'guardian' | 'staff';

/** Someone who left the school, and when their data there goes. */
export interface Leaver {
  readonly personId: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly roles: readonly LeaverRole[];
  readonly leftAt: Date;
  readonly deleteAfter: Date;
  /** A pupil under a legal hold, or a guardian of one: nothing of theirs is deleted meanwhile. */
  readonly held: boolean;
}

/** Memberships that make someone part of the school by themselves (other roles come from links). */
const STANDING_ROLES = ['director', 'staff', 'parentRepresentative'];

const readLink = rowReader({ source: column.text, personId: column.text, otherId: column.nullableText, role: column.text, endedAt: column.nullableInstant });

/** Where each person's presence in the school was, with when each ended (null: still open). */
interface Presence {
  inForce: boolean;
  lastEnd: Date | null;
  roles: Set<LeaverRole>;
}

/**
 * The people who left the school at `now`: nothing keeps them there any more (no enrolment, no
 * teaching assignment, no guardianship of a child still enrolled, no standing role in force), and
 * something of theirs ended. They left when the last of these ended; a guardian's link ends when
 * the child left, so a family with a younger child still at school stays. Their data goes
 * `delayDays` later.
 */
export async function findLeavers(database: DataSource | EntityManager, schoolId: string, now: Date, delayDays: number): Promise<Leaver[]> {
  const links = await queryRows(
    database,
    readLink,
    `SELECT 'link' AS source, pupilId AS personId, NULL AS otherId, 'pupil' AS role, endedAt FROM enrolment WHERE schoolId = ?
     UNION ALL SELECT 'link', teacherId, NULL, 'teacher', endedAt FROM teaching_assignment WHERE schoolId = ?
     UNION ALL SELECT 'link', guardianId, childId, 'guardian', effectiveTo FROM guardianship WHERE schoolId = ?
     UNION ALL SELECT 'membership', personId, NULL, role, endedAt FROM school_membership WHERE schoolId = ?`,
    [schoolId, schoolId, schoolId, schoolId],
  );
  const held = new Set(
    (await queryRows(database, rowReader({ pupilId: column.text }), 'SELECT pupilId FROM retention_hold WHERE schoolId = ? AND releasedAt IS NULL', [schoolId])).map((row) => row.pupilId),
  );
  const open = (end: Date | null) => end === null || end.getTime() > now.getTime();
  const presence = new Map<string, Presence>();
  const of = (personId: string): Presence => {
    let found = presence.get(personId);
    if (!found) presence.set(personId, (found = { inForce: false, lastEnd: null, roles: new Set() }));
    return found;
  };
  const ended = (entry: Presence, end: Date | null) => {
    if (open(end)) entry.inForce = true;
    else if (end && (!entry.lastEnd || end > entry.lastEnd)) entry.lastEnd = end;
  };
  for (const link of links.filter((row) => row.source === 'link' && row.role !== 'guardian')) {
    const entry = of(link.personId);
    entry.roles.add(link.role as LeaverRole);
    ended(entry, link.endedAt);
  }
  // A child with no enrolment here (never recorded) does not end a guardian's link.
  const childLeftAt = (childId: string): Date | null => {
    const child = presence.get(childId);
    return !child || !child.roles.has('pupil') || child.inForce ? null : child.lastEnd;
  };
  const guardiansOfHeld = new Set<string>();
  for (const link of links.filter((row) => row.source === 'link' && row.role === 'guardian')) {
    const entry = of(link.personId);
    entry.roles.add('guardian');
    if (link.otherId && held.has(link.otherId)) guardiansOfHeld.add(link.personId);
    const childLeft = link.otherId ? childLeftAt(link.otherId) : null;
    const end = [link.endedAt, childLeft].filter((value): value is Date => value !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
    ended(entry, end);
  }
  for (const link of links.filter((row) => row.source === 'membership')) {
    const entry = of(link.personId);
    if (STANDING_ROLES.includes(link.role)) {
      entry.roles.add('staff');
      ended(entry, link.endedAt);
    } else if (link.endedAt && !open(link.endedAt) && (!entry.lastEnd || link.endedAt > entry.lastEnd)) {
      // A parent's or pupil's membership ended by the school (or by the purge of the child) counts as leaving too.
      entry.lastEnd = link.endedAt;
    }
  }
  const leavers = [...presence].filter(([, entry]) => !entry.inForce && entry.lastEnd !== null);
  if (leavers.length === 0) return [];
  const names = new Map<string, { givenName: string; familyName: string }>();
  for (let start = 0; start < leavers.length; start += 500) {
    const ids = leavers.slice(start, start + 500).map(([personId]) => personId);
    const rows = await queryRows(database, rowReader({ id: column.text, givenName: column.text, familyName: column.text }), `SELECT id, givenName, familyName FROM person WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
    for (const row of rows) names.set(row.id, row);
  }
  return leavers
    .map(([personId, entry]) => ({
      personId,
      givenName: names.get(personId)?.givenName ?? '',
      familyName: names.get(personId)?.familyName ?? '',
      roles: [...entry.roles].sort(),
      leftAt: entry.lastEnd!,
      deleteAfter: daysAfter(entry.lastEnd!, delayDays),
      held: held.has(personId) || guardiansOfHeld.has(personId),
    }))
    .sort((a, b) => a.deleteAfter.getTime() - b.deleteAfter.getTime() || a.personId.localeCompare(b.personId));
}
