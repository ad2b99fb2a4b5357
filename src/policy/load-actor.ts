import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import type { GuardianshipStatus, SchoolRole } from '../model/roles.js';
import { guardianshipKey, type Actor } from './actor.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

const readFactRow = rowReader({
  fact: column.oneOf(['role', 'teaches', 'enrolled', 'guardian', 'childClass']),
  schoolId: column.text,
  ref: column.text,
  detail: column.nullableText,
});
type FactRow = ReturnType<typeof readFactRow>;

/*
 * One round trip for all the facts: the roles, classes and guardianships in force at `now`.
 * Only approved guardianships count; a pending one (invite code not yet approved) gives nothing.
 * A school an operator deactivated gives nothing either: its data is kept, closed to everyone.
 */
const ACTOR_FACTS_SQL = `
SELECT 'role' AS fact, m.schoolId AS schoolId, m.role AS ref, NULL AS detail
  FROM school_membership m
  JOIN school s ON s.id = m.schoolId AND s.deactivatedAt IS NULL
 WHERE m.personId = ? AND m.startedAt <= ? AND (m.endedAt IS NULL OR m.endedAt > ?)
UNION ALL
SELECT 'teaches', t.schoolId, t.classId, CASE WHEN t.isMainTeacher = 1 THEN 'main' ELSE NULL END
  FROM teaching_assignment t
  JOIN school s ON s.id = t.schoolId AND s.deactivatedAt IS NULL
 WHERE t.teacherId = ? AND t.startedAt <= ? AND (t.endedAt IS NULL OR t.endedAt > ?)
UNION ALL
SELECT 'enrolled', e.schoolId, e.classId, NULL
  FROM enrolment e
  JOIN school s ON s.id = e.schoolId AND s.deactivatedAt IS NULL
 WHERE e.pupilId = ? AND e.startedAt <= ? AND (e.endedAt IS NULL OR e.endedAt > ?)
UNION ALL
SELECT 'guardian', g.schoolId, g.childId, g.status
  FROM guardianship g
  JOIN school s ON s.id = g.schoolId AND s.deactivatedAt IS NULL
 WHERE g.guardianId = ? AND g.approval = 'approved' AND g.effectiveFrom <= ? AND (g.effectiveTo IS NULL OR g.effectiveTo > ?)
UNION ALL
SELECT 'childClass', e.schoolId, e.classId, e.pupilId
  FROM guardianship g
  JOIN school s ON s.id = g.schoolId AND s.deactivatedAt IS NULL
  JOIN enrolment e ON e.pupilId = g.childId AND e.schoolId = g.schoolId
 WHERE g.guardianId = ? AND g.approval = 'approved' AND g.effectiveFrom <= ? AND (g.effectiveTo IS NULL OR g.effectiveTo > ?)
   AND e.startedAt <= ? AND (e.endedAt IS NULL OR e.endedAt > ?)`;

/** When two links in force disagree (a data-entry overlap), the most restrictive one wins. */
const RESTRICTIVENESS: Record<GuardianshipStatus, number> = { full: 0, informationOnly: 1, noAccess: 2 };

/** The more restrictive of two statuses in force for the same guardian and child. */
export function mostRestrictive(a: GuardianshipStatus, b: GuardianshipStatus | undefined): GuardianshipStatus {
  return b !== undefined && RESTRICTIVENESS[b] > RESTRICTIVENESS[a] ? b : a;
}

/** The SQL and parameters that `loadActor` runs: every fact a policy decision reads, in one round trip. */
export function actorFactsQuery(personId: string, now: Date): { sql: string; parameters: string[] } {
  const at = sqlInstant(now);
  const period = [personId, at, at];
  return {
    sql: ACTOR_FACTS_SQL,
    parameters: [...period, ...period, ...period, ...period, personId, at, at, at, at],
  };
}

/** Builds an `Actor` from the rows of `actorFactsQuery`. */
function actorFromFacts(personId: string, rows: readonly FactRow[]): Actor {
  const rolesBySchool = new Map<string, Set<SchoolRole>>();
  const taughtClassIds = new Set<string>();
  const mainTeacherClassIds = new Set<string>();
  const enrolledClassIds = new Set<string>();
  const guardianships = new Map<string, GuardianshipStatus>();
  const childClasses: FactRow[] = [];

  for (const row of rows) {
    switch (row.fact) {
      case 'role': {
        const roles = rolesBySchool.get(row.schoolId) ?? new Set<SchoolRole>();
        roles.add(row.ref as SchoolRole);
        rolesBySchool.set(row.schoolId, roles);
        break;
      }
      case 'teaches':
        taughtClassIds.add(row.ref);
        if (row.detail === 'main') mainTeacherClassIds.add(row.ref);
        break;
      case 'enrolled':
        enrolledClassIds.add(row.ref);
        break;
      case 'guardian': {
        const key = guardianshipKey(row.schoolId, row.ref);
        const status = row.detail as GuardianshipStatus;
        guardianships.set(key, mostRestrictive(status, guardianships.get(key)));
        break;
      }
      case 'childClass':
        childClasses.push(row);
        break;
    }
  }

  const followedChildClassIds = new Set<string>();
  for (const row of childClasses) {
    const status = guardianships.get(guardianshipKey(row.schoolId, row.detail ?? ''));
    if (status === 'full' || status === 'informationOnly') followedChildClassIds.add(row.ref);
  }

  return { personId, rolesBySchool, taughtClassIds, mainTeacherClassIds, enrolledClassIds, guardianships, followedChildClassIds };
}

/**
 * Reads the actor's rights as they stand at `now`. Called on every request and never cached,
 * so a guardian restricted by the director loses access on their very next request.
 */
export async function loadActor(dataSource: DataSource, personId: string, now: Date): Promise<Actor> {
  const { sql, parameters } = actorFactsQuery(personId, now);
  const rows = await queryRows(dataSource, readFactRow, sql, parameters);
  return actorFromFacts(personId, rows);
}
