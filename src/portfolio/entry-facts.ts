import type { PortfolioEntry } from '../model/portfolio-entry.js';
import type { EntryFacts } from '../policy/resources.js';

/** The columns of an entry the policy reads. */
type EntryRow = Pick<PortfolioEntry, 'schoolId' | 'classId' | 'authorId' | 'state' | 'publishAt' | 'familiesSeeAt'>;

/**
 * Describes an entry for the policy at `now`: an entry is out for the children from `publishAt`
 * and for families from `familiesSeeAt` (later for an evaluation), whether or not the publishing
 * job has yet marked it published — a slot is kept to the minute.
 */
export function describeEntry(entry: EntryRow, pupilIds: readonly string[], now: Date): EntryFacts {
  const out = entry.state === 'scheduled' || entry.state === 'published';
  return {
    schoolId: entry.schoolId,
    classId: entry.classId,
    pupilIds,
    authorId: entry.authorId,
    awaitingApproval: entry.state === 'pendingApproval',
    pupilsMaySee: out && entry.publishAt !== null && entry.publishAt.getTime() <= now.getTime(),
    familiesMaySee: out && entry.familiesSeeAt !== null && entry.familiesSeeAt.getTime() <= now.getTime(),
  };
}
