import { In, type DataSource } from 'typeorm';
import type { NormalizedIdentity } from '../connectors/contract.js';
import { School } from '../model/school.js';
import { sqlInstant } from '../db/sql-values.js';
import { AppError } from '../http/errors.js';
import type { Actor } from '../policy/actor.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/**
 * The closed-schools test as an SQL expression, for a statement that reads the person anyway (a
 * returning sign-in's read): 1 when the person `personColumn` names has at least one tie in force
 * that makes them part of a school (role, class taught, enrolment: a membership; guardianship) and
 * every such school was deactivated by an operator, else 0. `parameters` follow the expression's
 * placeholders in order. `onlyInClosedSchools` runs this very expression on its own.
 */
export function onlyInClosedSchoolsSql(personColumn: string, now: Date): { readonly sql: string; readonly parameters: readonly string[] } {
  const at = sqlInstant(now);
  const membership = (open: string) =>
    `EXISTS (SELECT 1 FROM school_membership m JOIN school s ON s.id = m.schoolId
              WHERE m.personId = ${personColumn} AND m.startedAt <= ? AND (m.endedAt IS NULL OR m.endedAt > ?)${open})`;
  const guardianship = (open: string) =>
    `EXISTS (SELECT 1 FROM guardianship g JOIN school s ON s.id = g.schoolId
              WHERE g.guardianId = ${personColumn} AND g.effectiveFrom <= ? AND (g.effectiveTo IS NULL OR g.effectiveTo > ?)${open})`;
  const openOnly = ' AND s.deactivatedAt IS NULL';
  return {
    sql: `CASE WHEN (${membership('')} OR ${guardianship('')}) AND NOT ${membership(openOnly)} AND NOT ${guardianship(openOnly)} THEN 1 ELSE 0 END`,
    parameters: [at, at, at, at, at, at, at, at],
  };
}

/**
 * True when the person belongs to at least one school and every school they belong to was
 * deactivated by an operator. Someone who also belongs to an open school keeps it (the closed
 * school's rights are gone anyway: `loadActor` ignores closed schools).
 */
export async function onlyInClosedSchools(dataSource: DataSource, personId: string, now: Date): Promise<boolean> {
  const test = onlyInClosedSchoolsSql('t.personId', now);
  const rows = await queryRows(dataSource, rowReader({ closedOnly: column.flag }), `SELECT ${test.sql} AS closedOnly FROM (SELECT ? AS personId) t`, [...test.parameters, personId]);
  return rows[0]?.closedOnly === true;
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
