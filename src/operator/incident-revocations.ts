import type { DataSource, EntityManager } from 'typeorm';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError } from '../http/errors.js';
import { Person } from '../model/person.js';
import { SchoolClass } from '../model/school-class.js';
import type { OperatorAgent } from './agent.js';
import { findSchool } from './find-school.js';

/*
 * The incident procedure's three levers (README, "Incidents"): when an account, a school or a
 * printed sheet of QR codes may be in the wrong hands, end at once every way in that it opened.
 * Each lever is one transaction with its audit record, and pulling it twice is harmless.
 */

/** How many sessions (and, for a class, QR codes) a lever ended. */
export interface Revoked {
  readonly sessions: number;
  readonly codes: number;
}

/** Whoever is part of the school today or was (staff, pupils, guardians): their sessions end. */
const SCHOOL_PEOPLE_SQL = `
  SELECT personId FROM school_membership WHERE schoolId = ?
  UNION SELECT guardianId FROM guardianship WHERE schoolId = ?`;

const readTokenHash = rowReader({ tokenHash: column.text });

/** Deletes the signed-in sessions of the people `peopleSql` selects; returns how many ended. */
async function deleteSessionsOf(manager: EntityManager, peopleSql: string, parameters: readonly unknown[]): Promise<number> {
  const sessions = await queryRows(manager, readTokenHash, `SELECT tokenHash FROM http_session WHERE personId IN (${peopleSql})`, parameters);
  return deleteWhereIn(manager, 'http_session', 'tokenHash', sessions.map((session) => session.tokenHash));
}

/** Deletes the rows of `table` whose `key` is listed, a few hundred at a time; returns how many. */
async function deleteWhereIn(manager: EntityManager, table: 'http_session' | 'share_session', key: 'tokenHash', values: readonly string[]): Promise<number> {
  for (let start = 0; start < values.length; start += 500) {
    const batch = values.slice(start, start + 500);
    await manager.query(`DELETE FROM ${table} WHERE ${key} IN (${batch.map(() => '?').join(', ')})`, batch);
  }
  return values.length;
}

/**
 * Ends every signed-in session of the people of a school (its staff, pupils and guardians, today's
 * and former ones): each must sign in again, through the school's identity provider. A person who
 * also belongs to another school signs in again there too: a session is a person's, not a school's.
 */
export async function revokeSchoolSessions(dataSource: DataSource, reference: string, agent: OperatorAgent, now: Date): Promise<Revoked> {
  return runInTransaction(dataSource, async (manager) => {
    const school = await findSchool(manager, reference);
    const sessions = await deleteSessionsOf(manager, SCHOOL_PEOPLE_SQL, [school.id, school.id]);
    await recordAuditEvent(manager, {
      schoolId: school.id,
      actorId: agent.personId,
      action: 'operator.schoolSessionsRevoked',
      subjectKind: 'school',
      subjectId: school.id,
      detail: { by: agent.label, sessions },
      at: now,
    });
    return { sessions, codes: 0 };
  });
}

/** Ends every signed-in session of one person, wherever they opened it (an account taken over). */
export async function revokePersonSessions(dataSource: DataSource, personId: string, agent: OperatorAgent, now: Date): Promise<Revoked> {
  return runInTransaction(dataSource, async (manager) => {
    const person = await manager.getRepository(Person).findOneBy({ id: personId });
    if (!person) throw new AppError('NOT_FOUND');
    const sessions = await deleteSessionsOf(manager, 'SELECT ?', [personId]);
    await recordAuditEvent(manager, {
      schoolId: null,
      actorId: agent.personId,
      action: 'operator.personSessionsRevoked',
      subjectKind: 'person',
      subjectId: personId,
      detail: { by: agent.label, sessions },
      at: now,
    });
    return { sessions, codes: 0 };
  });
}

/**
 * Revokes every QR code in force of the children enrolled in a class (a lost or photographed
 * sheet): phones that scanned one lose the portfolio on their next request, since a viewer
 * session is checked against its code each time, and their viewer sessions are deleted. Personal
 * links, which families chose and named, stay.
 */
export async function revokeClassQrCodes(dataSource: DataSource, classId: string, agent: OperatorAgent, now: Date): Promise<Revoked> {
  return runInTransaction(dataSource, async (manager) => {
    const klass = await manager.getRepository(SchoolClass).findOneBy({ id: classId });
    if (!klass) throw new AppError('NOT_FOUND');
    const at = sqlInstant(now);
    const codesOfClass = `SELECT g.id FROM share_grant g
      WHERE g.kind = 'qr' AND g.revokedAt IS NULL AND g.schoolId = ?
        AND g.pupilId IN (SELECT e.pupilId FROM enrolment e WHERE e.classId = ? AND (e.endedAt IS NULL OR e.endedAt > ?))`;
    const grants = await queryRows(manager, rowReader({ id: column.text }), codesOfClass, [klass.schoolId, klass.id, at]);
    const ids = grants.map((grant) => grant.id);
    let sessions = 0;
    if (ids.length > 0) {
      const list = ids.map(() => '?').join(', ');
      const viewers = await queryRows(manager, readTokenHash, `SELECT tokenHash FROM share_session WHERE grantId IN (${list})`, ids);
      sessions = await deleteWhereIn(manager, 'share_session', 'tokenHash', viewers.map((viewer) => viewer.tokenHash));
      await manager.query(`UPDATE share_grant SET revokedAt = ? WHERE id IN (${list})`, [at, ...ids]);
    }
    await recordAuditEvent(manager, {
      schoolId: klass.schoolId,
      actorId: agent.personId,
      action: 'operator.classQrCodesRevoked',
      subjectKind: 'class',
      subjectId: klass.id,
      detail: { by: agent.label, codes: ids.length, sessions },
      at: now,
    });
    return { sessions, codes: ids.length };
  });
}
