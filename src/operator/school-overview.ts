import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import type { SchoolKind } from '../model/school.js';

/** A person who leads or helps run a school: an adult, named so the operator sees who was appointed. */
export interface SchoolLeader {
  readonly personId: string;
  readonly name: string;
  readonly role: 'director' | 'staff';
}

/**
 * A school as an operator sees it: identity, opening, its leaders, and counts only — never a
 * child's name, photo or message.
 */
export interface SchoolOverview {
  readonly id: string;
  readonly uai: string;
  readonly name: string;
  readonly kind: SchoolKind | null;
  readonly cycles: string;
  readonly timezone: string;
  readonly open: boolean;
  readonly leaders: readonly SchoolLeader[];
  readonly counts: { readonly classes: number; readonly pupils: number; readonly teachers: number; readonly parents: number };
  /** Appointment links and directory keys not used yet (links still valid). */
  readonly waitingAppointments: number;
}

interface SchoolRow {
  id: string;
  uai: string;
  name: string;
  kind: SchoolKind | null;
  cycles: string;
  timezone: string;
  deactivatedAt: unknown;
}

const ROLE_COUNTS_SQL = `
SELECT m.schoolId AS schoolId, m.role AS role, COUNT(*) AS n
  FROM school_membership m
 WHERE m.startedAt <= ? AND (m.endedAt IS NULL OR m.endedAt > ?) AND m.role IN ('pupil', 'teacher', 'parent')
 GROUP BY m.schoolId, m.role`;

const LEADERS_SQL = `
SELECT m.schoolId AS schoolId, m.role AS role, p.id AS personId, p.givenName AS givenName, p.familyName AS familyName
  FROM school_membership m JOIN person p ON p.id = m.personId
 WHERE m.startedAt <= ? AND (m.endedAt IS NULL OR m.endedAt > ?) AND m.role IN ('director', 'staff')
 ORDER BY p.familyName, p.givenName`;

const CLASS_COUNTS_SQL = `SELECT c.schoolId AS schoolId, COUNT(*) AS n FROM school_class c GROUP BY c.schoolId`;

const WAITING_SQL = `
SELECT a.schoolId AS schoolId, COUNT(*) AS n FROM school_appointment a
 WHERE a.usedAt IS NULL AND a.revokedAt IS NULL AND (a.expiresAt IS NULL OR a.expiresAt > ?)
 GROUP BY a.schoolId`;

function countsBySchool(rows: { schoolId: string; n: unknown }[]): Map<string, number> {
  return new Map(rows.map((row) => [row.schoolId, Number(row.n)]));
}

/** Every school, by name, with what an operator may know of it (`schoolId` alone when given). */
export async function schoolOverviews(dataSource: DataSource, now: Date, schoolId?: string): Promise<SchoolOverview[]> {
  const at = sqlInstant(now);
  const schools = (await dataSource.query(
    `SELECT id, uai, name, kind, cycles, timezone, deactivatedAt FROM school${schoolId ? ' WHERE id = ?' : ''} ORDER BY name, uai`,
    schoolId ? [schoolId] : [],
  )) as SchoolRow[];
  const roleRows = (await dataSource.query(ROLE_COUNTS_SQL, [at, at])) as { schoolId: string; role: string; n: unknown }[];
  const leaderRows = (await dataSource.query(LEADERS_SQL, [at, at])) as {
    schoolId: string;
    role: 'director' | 'staff';
    personId: string;
    givenName: string;
    familyName: string;
  }[];
  const classes = countsBySchool((await dataSource.query(CLASS_COUNTS_SQL)) as { schoolId: string; n: unknown }[]);
  const waiting = countsBySchool((await dataSource.query(WAITING_SQL, [at])) as { schoolId: string; n: unknown }[]);
  const roleCount = (id: string, role: string) => Number(roleRows.find((row) => row.schoolId === id && row.role === role)?.n ?? 0);
  return schools.map((school) => ({
    id: school.id,
    uai: school.uai,
    name: school.name,
    kind: school.kind,
    cycles: school.cycles,
    timezone: school.timezone,
    open: school.deactivatedAt === null || school.deactivatedAt === undefined,
    leaders: leaderRows
      .filter((row) => row.schoolId === school.id)
      .map((row) => ({ personId: row.personId, name: `${row.givenName} ${row.familyName}`.trim(), role: row.role })),
    counts: { classes: classes.get(school.id) ?? 0, pupils: roleCount(school.id, 'pupil'), teachers: roleCount(school.id, 'teacher'), parents: roleCount(school.id, 'parent') },
    waitingAppointments: waiting.get(school.id) ?? 0,
  }));
}
