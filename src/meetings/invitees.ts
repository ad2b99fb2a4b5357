import { sqlInstant } from '../db/sql-values.js';
import { column, queryRows, rowReader, type RawQueries } from '../db/row-reader.js';
import { inForce } from '../directory/in-force.js';

/** A guardian to invite for a child. */
export interface Invitee {
  readonly pupilId: string;
  readonly guardianId: string;
}

const readInviteeRow = rowReader({ pupilId: column.text, guardianId: column.text });

/**
 * The guardians to invite for these children now: approved links in force with full authority,
 * and information-only ones when the round includes them. A guardian kept away by a decision is
 * never among them.
 */
export async function listInvitees(database: RawQueries, schoolId: string, pupilIds: readonly string[], informationOnlyInvited: boolean, now: Date): Promise<Invitee[]> {
  if (pupilIds.length === 0) return [];
  const at = sqlInstant(now);
  const statuses = informationOnlyInvited ? `'full', 'informationOnly'` : `'full'`;
  return queryRows(
    database,
    readInviteeRow,
    `SELECT DISTINCT g.childId AS pupilId, g.guardianId AS guardianId FROM guardianship g
      WHERE g.schoolId = ? AND g.childId IN (${pupilIds.map(() => '?').join(',')}) AND g.approval = 'approved' AND g.status IN (${statuses})
        AND ${inForce('g', 'effectiveFrom', 'effectiveTo')}`,
    [schoolId, ...pupilIds, at, at],
  );
}

/** The pupils enrolled in the class now. */
export async function pupilsOfClass(database: RawQueries, classId: string, now: Date): Promise<string[]> {
  const at = sqlInstant(now);
  const rows = await queryRows(database, rowReader({ pupilId: column.text }), `SELECT DISTINCT e.pupilId AS pupilId FROM enrolment e WHERE e.classId = ? AND ${inForce('e')}`, [classId, at, at]);
  return rows.map((row) => row.pupilId);
}
