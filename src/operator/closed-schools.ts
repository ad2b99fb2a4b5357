import { In, type DataSource } from 'typeorm';
import type { NormalizedIdentity } from '../connectors/contract.js';
import { School } from '../model/school.js';
import { sqlInstant } from '../db/sql-values.js';
import { AppError } from '../http/errors.js';
import type { Actor } from '../policy/actor.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/*
 * Every tie in force that makes a person part of a school (role, class taught, enrolment,
 * guardianship), with whether that school is open. One query, read only when needed.
 */
const TIES_SQL = `
SELECT s.deactivatedAt AS deactivatedAt FROM school_membership m JOIN school s ON s.id = m.schoolId
 WHERE m.personId = ? AND m.startedAt <= ? AND (m.endedAt IS NULL OR m.endedAt > ?)
UNION ALL
SELECT s.deactivatedAt FROM guardianship g JOIN school s ON s.id = g.schoolId
 WHERE g.guardianId = ? AND g.effectiveFrom <= ? AND (g.effectiveTo IS NULL OR g.effectiveTo > ?)`;

/**
 * True when the person belongs to at least one school and every school they belong to was
 * deactivated by an operator. Someone who also belongs to an open school keeps it (the closed
 * school's rights are gone anyway: `loadActor` ignores closed schools).
 */
export async function onlyInClosedSchools(dataSource: DataSource, personId: string, now: Date): Promise<boolean> {
  const at = sqlInstant(now);
  const rows = await queryRows(dataSource, rowReader({ deactivatedAt: column.nullableInstant }), TIES_SQL, [personId, at, at, personId, at, at]);
  return rows.length > 0 && rows.every((row) => row.deactivatedAt !== null);
}

/**
 * The one check that a deactivated school's members may not come in: every sign-in (before a
 * session is opened) and every request of an existing session (`requireSignIn`) go through it.
 * `actor` saves the query when the person's rights already show an open school.
 */
export async function refuseMembersOfClosedSchools(dataSource: DataSource, personId: string, now: Date, actor?: Actor): Promise<void> {
  if (actor && (actor.rolesBySchool.size > 0 || actor.guardianships.size > 0)) return;
  if (await onlyInClosedSchools(dataSource, personId, now)) throw new AppError('SCHOOL_DEACTIVATED');
}

/**
 * Before a sign-in provisions anything: an identity that concerns only schools an operator
 * deactivated (the schools it names, else those its connector serves) is refused at once, so the
 * refused sign-in creates nothing.
 */
export async function refuseSignInToClosedSchools(dataSource: DataSource, identity: NormalizedIdentity, connectorSchools: readonly string[]): Promise<void> {
  const uais = new Set(connectorSchools);
  const ids = new Set<string>();
  for (const { school } of identity.schools) {
    if ('uai' in school) uais.add(school.uai);
    else ids.add(school.schoolId);
  }
  if (uais.size === 0 && ids.size === 0) return;
  const found = await dataSource.getRepository(School).find({
    select: { id: true, deactivatedAt: true },
    where: [...(uais.size > 0 ? [{ uai: In([...uais]) }] : []), ...(ids.size > 0 ? [{ id: In([...ids]) }] : [])],
  });
  if (found.length > 0 && found.every((school) => school.deactivatedAt !== null)) throw new AppError('SCHOOL_DEACTIVATED');
}
