import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import { inForce } from '../directory/in-force.js';
import { byNames } from '../i18n/collation.js';
import type { GuardianshipStatus, SchoolRole } from '../model/roles.js';

/** Someone a newcomer can enter the demo as, with what makes them interesting. */
export interface DemoPerson {
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly preferredLanguage: string;
  readonly roles: SchoolRole[];
  readonly staffFunction: string | null;
  readonly children: { givenName: string; className: string | null; status: GuardianshipStatus }[];
  readonly classNames: string[];
}

interface Row {
  id: string;
  givenName: string;
  familyName: string;
  preferredLanguage: string;
  role: SchoolRole;
  staffFunction: string | null;
}

/** Everyone in the demo schools, with their roles, their children (for parents) and classes. */
export async function listDemoPeople(dataSource: DataSource, now: Date): Promise<DemoPerson[]> {
  const at = sqlInstant(now);
  const rows = (await dataSource.query(
    `SELECT p.id AS id, p.givenName AS givenName, p.familyName AS familyName, p.preferredLanguage AS preferredLanguage,
            m.role AS role, m.staffFunction AS staffFunction
       FROM school_membership m
       JOIN school s ON s.id = m.schoolId AND s.isDemo = 1
       JOIN person p ON p.id = m.personId
      WHERE ${inForce('m')}
      ORDER BY p.familyName, p.givenName, p.id`,
    [at, at],
  )) as Row[];
  const children = (await dataSource.query(
    `SELECT g.guardianId AS guardianId, c.givenName AS givenName, g.status AS status, k.name AS className
       FROM guardianship g
       JOIN school s ON s.id = g.schoolId AND s.isDemo = 1
       JOIN person c ON c.id = g.childId
       LEFT JOIN enrolment e ON e.pupilId = c.id AND ${inForce('e')}
       LEFT JOIN school_class k ON k.id = e.classId
      WHERE g.approval = 'approved' AND ${inForce('g', 'effectiveFrom', 'effectiveTo')}
      ORDER BY c.givenName`,
    [at, at, at, at],
  )) as { guardianId: string; givenName: string; status: GuardianshipStatus; className: string | null }[];
  const classes = (await dataSource.query(
    `SELECT x.personId AS personId, k.name AS className FROM (
        SELECT t.teacherId AS personId, t.classId AS classId FROM teaching_assignment t WHERE ${inForce('t')}
        UNION ALL
        SELECT e.pupilId, e.classId FROM enrolment e WHERE ${inForce('e')}) x
       JOIN school_class k ON k.id = x.classId
       JOIN school s ON s.id = k.schoolId AND s.isDemo = 1`,
    [at, at, at, at],
  )) as { personId: string; className: string }[];

  const people = new Map<string, DemoPerson>();
  for (const row of rows) {
    const person = people.get(row.id) ?? {
      id: row.id,
      givenName: row.givenName,
      familyName: row.familyName,
      preferredLanguage: row.preferredLanguage,
      roles: [],
      staffFunction: row.staffFunction,
      children: [],
      classNames: [],
    };
    person.roles.push(row.role);
    people.set(row.id, person);
  }
  for (const child of children) people.get(child.guardianId)?.children.push(child);
  for (const klass of classes) people.get(klass.personId)?.classNames.push(klass.className);
  return [...people.values()].sort(byNames((person) => [person.familyName, person.givenName]));
}

/**
 * True when the person belongs to a demo school and to no other school: demo sign-in never opens
 * an account that also reaches a real school.
 */
export async function isDemoPerson(dataSource: DataSource, personId: string): Promise<boolean> {
  const rows = (await dataSource.query(
    `SELECT SUM(CASE WHEN s.isDemo = 1 THEN 1 ELSE 0 END) AS demoSchools, SUM(CASE WHEN s.isDemo = 1 THEN 0 ELSE 1 END) AS otherSchools
       FROM school_membership m JOIN school s ON s.id = m.schoolId WHERE m.personId = ?`,
    [personId],
  )) as { demoSchools: number | string | null; otherSchools: number | string | null }[];
  return Number(rows[0]?.demoSchools ?? 0) > 0 && Number(rows[0]?.otherSchools ?? 0) === 0;
}
