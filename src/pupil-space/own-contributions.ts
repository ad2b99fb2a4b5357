import type { DataSource } from 'typeorm';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { ENTRY_STATES } from '../model/portfolio-entry.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { describeEntry } from '../portfolio/entry-facts.js';

/** How many of each a pupil's home lists: the latest, the portfolio has the rest. */
const LISTED = 10;

/** One of the pupil's own contributions, as their home lists it. */
export interface Contribution {
  readonly id: string;
  readonly title: string;
  readonly createdAt: Date;
  /** When it came out to the pupil (null while it waits for the teacher). */
  readonly publishAt: Date | null;
}

/** The pupil's own contributions: those waiting for the teacher, and those published. */
export interface OwnContributions {
  readonly awaiting: readonly Contribution[];
  readonly published: readonly Contribution[];
}

const readContributionRow = rowReader({
  id: column.text,
  schoolId: column.text,
  classId: column.text,
  authorId: column.text,
  title: column.text,
  state: column.oneOf(ENTRY_STATES),
  publishAt: column.nullableInstant,
  familiesSeeAt: column.nullableInstant,
  createdAt: column.instant,
});

/**
 * What the pupil posted themself, newest first, kept to what the policy lets them see of it: a
 * contribution still waiting for the teacher, or one that is out. One the teacher took back to a
 * draft or withdrew is the teacher's until it comes out.
 */
export async function listOwnContributions(dataSource: DataSource, actor: Actor, now: Date): Promise<OwnContributions> {
  const rows = await queryRows(dataSource, readContributionRow, `SELECT e.id AS id, e.schoolId AS schoolId, e.classId AS classId, e.authorId AS authorId, e.title AS title,
            e.state AS state, e.publishAt AS publishAt, e.familiesSeeAt AS familiesSeeAt, e.createdAt AS createdAt
       FROM portfolio_entry e
      WHERE e.authorId = ? AND e.state IN ('pendingApproval', 'scheduled', 'published')
        AND EXISTS (SELECT 1 FROM entry_pupil p WHERE p.entryId = e.id AND p.pupilId = e.authorId)
      ORDER BY e.createdAt DESC, e.id
      LIMIT 100`,
    [actor.personId]);
  const awaiting: Contribution[] = [];
  const published: Contribution[] = [];
  for (const row of rows) {
    // The query kept entries about the pupil (a contribution is about its author, see createEntry).
    const facts = describeEntry(row, [actor.personId], now);
    if (!can(actor, 'view', { kind: 'portfolioEntry', ...facts })) continue;
    const contribution = { id: row.id, title: row.title, createdAt: row.createdAt, publishAt: row.publishAt };
    if (facts.awaitingApproval) awaiting.push(contribution);
    else if (facts.pupilsMaySee) published.push(contribution);
  }
  return { awaiting: awaiting.slice(0, LISTED), published: published.slice(0, LISTED) };
}
