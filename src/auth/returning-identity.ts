import type { DataSource } from 'typeorm';
import type { NormalizedIdentity, SchoolReference } from '../connectors/contract.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { ExternalIdentity } from '../model/index.js';
import { onlyInClosedSchoolsSql } from '../operator/closed-schools.js';

/** A person who signed in before, as a sign-in that changes nothing needs them. */
export interface ReturningPerson {
  readonly personId: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly preferredLanguage: string;
  /**
   * Whether every school the person belongs to was deactivated (see `onlyInClosedSchoolsSql`),
   * read in the same statement: the session's admission check needs no read of its own.
   */
  readonly onlyInClosedSchools: boolean;
}

/**
 * `lastSeenAt` is written at most this often: it says whether an account is still used (retention
 * counts in months), and writing it on every launch would make each lesson start a write more.
 */
const LAST_SEEN_GRANULARITY_MS = 3_600_000;

const readIdentityRow = rowReader({
  identityId: column.text,
  issuer: column.text,
  subject: column.text,
  personId: column.text,
  lastSeenAt: column.nullableInstant,
  givenName: column.text,
  familyName: column.text,
  email: column.nullableText,
  preferredLanguage: column.text,
  /** 1 when the claims would change none of the person's schools, roles and classes. */
  unchanged: column.flag,
  /** 1 when every school the person belongs to was closed by an operator. */
  onlyInClosedSchools: column.flag,
});

/**
 * The person an identity names, when provisioning it for a sign-in would change nothing: the
 * account exists, its names and e-mail are those the source sends, and every school role, class
 * and teaching or enrolment the identity states exists already (a sign-in never reopens what a
 * school ended, so any row will do, ended or not), with whether all their schools were closed. One
 * statement, plus one a hour per person to note they were seen. Undefined otherwise (a first sign-in, a name that changed, a new class, any
 * child claimed): the caller then runs the provisioner, which decides everything again.
 *
 * This is only a shortcut for `provisionIdentity(…, { signIn: true })` when it would find nothing
 * to write: a returning pupil whose ENT says the same as yesterday costs one read, not a transaction.
 */
export async function findReturningPerson(dataSource: DataSource, identity: NormalizedIdentity, now: Date): Promise<ReturningPerson | undefined> {
  if (identity.children.length > 0) return undefined;
  const conditions: string[] = [];
  const parameters: unknown[] = [];
  const school = (reference: SchoolReference) => {
    if ('uai' in reference) {
      parameters.push(reference.uai.toUpperCase());
      return '(SELECT s.id FROM school s WHERE s.uai = ?)';
    }
    parameters.push(reference.schoolId);
    return '?';
  };
  const membership = (reference: SchoolReference, role: string) => {
    const schoolId = school(reference);
    parameters.push(role);
    conditions.push(`EXISTS (SELECT 1 FROM school_membership m WHERE m.personId = ei.personId AND m.schoolId = ${schoolId} AND m.role = ?)`);
  };
  for (const entry of identity.schools) for (const role of entry.roles) membership(entry.school, role);
  for (const claim of identity.classes) {
    membership(claim.school, claim.as === 'teacher' ? 'teacher' : 'pupil');
    const schoolId = school(claim.school);
    parameters.push(claim.externalRef);
    conditions.push(
      claim.as === 'teacher'
        ? `EXISTS (SELECT 1 FROM school_class c JOIN teaching_assignment a ON a.classId = c.id WHERE c.schoolId = ${schoolId} AND c.externalRef = ? AND a.teacherId = ei.personId)`
        : `EXISTS (SELECT 1 FROM school_class c JOIN enrolment e ON e.classId = c.id WHERE c.schoolId = ${schoolId} AND c.externalRef = ? AND e.pupilId = ei.personId)`,
    );
  }
  const closedOnly = onlyInClosedSchoolsSql('ei.personId', now);
  const unchanged = conditions.length === 0 ? '1' : `CASE WHEN ${conditions.join(' AND ')} THEN 1 ELSE 0 END`;
  const rows = await queryRows(dataSource, readIdentityRow, `SELECT ei.id AS identityId, ei.issuer AS issuer, ei.subject AS subject, ei.personId AS personId, ei.lastSeenAt AS lastSeenAt,
            p.givenName AS givenName, p.familyName AS familyName, p.email AS email, p.preferredLanguage AS preferredLanguage,
            ${unchanged} AS unchanged, ${closedOnly.sql} AS onlyInClosedSchools
       FROM external_identity ei
       JOIN person p ON p.id = ei.personId
      WHERE ei.issuer = ? AND ei.subject = ?`,
    [...parameters, ...closedOnly.parameters, identity.issuer, identity.subject]);
  // Identifiers compare byte for byte (see `exactText`); checked again in case a collation changed.
  const row = rows.find((candidate) => candidate.issuer === identity.issuer && candidate.subject === identity.subject);
  if (!row || !row.unchanged) return undefined;
  if (identity.givenName && identity.givenName !== row.givenName) return undefined;
  if (identity.familyName && identity.familyName !== row.familyName) return undefined;
  if (identity.email && identity.email !== row.email) return undefined;

  const lastSeen = row.lastSeenAt?.getTime();
  if (lastSeen === undefined || now.getTime() - lastSeen >= LAST_SEEN_GRANULARITY_MS || lastSeen > now.getTime()) {
    await dataSource.getRepository(ExternalIdentity).update({ id: row.identityId }, { lastSeenAt: now });
  }
  return {
    personId: row.personId,
    givenName: row.givenName,
    familyName: row.familyName,
    preferredLanguage: row.preferredLanguage,
    onlyInClosedSchools: Number(row.onlyInClosedSchools) === 1,
  };
}
