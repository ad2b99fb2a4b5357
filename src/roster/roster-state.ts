import type { EntityManager } from 'typeorm';
import { readCalendarDate, readInstant, sqlInstant } from '../db/sql-values.js';
import type { GuardianshipApproval, GuardianshipStatus, LegalBasisKind } from '../model/roles.js';
import { AAF_JOIN_KEY_ISSUER, directoryKeyPrefix, readDirectoryKeySubject } from '../auth/directory-keys.js';

/** A person of the school as a roster import compares them. */
export interface KnownPerson {
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly birthDate: string | null;
  readonly email: string | null;
  readonly phone: string | null;
}

/** A guardianship of the school, the latest of its guardian–child pair. */
export interface KnownLink {
  readonly id: string;
  readonly guardianId: string;
  readonly childId: string;
  readonly status: GuardianshipStatus;
  readonly approval: GuardianshipApproval;
  readonly legalBasisKind: LegalBasisKind | null;
  /** In force now (a decision dated in the future has a later row: the pair is then left alone). */
  readonly inForce: boolean;
}

/** Everything an import compares its file with, read in a few queries. */
export interface RosterState {
  readonly schoolYearId: string | null;
  readonly pupils: readonly KnownPerson[];
  /** Pupils whose membership ended (they left and may come back). */
  readonly leftPupilIds: ReadonlySet<string>;
  readonly parentIds: ReadonlySet<string>;
  readonly guardians: ReadonlyMap<string, KnownPerson>;
  /** The school's pupil keys (ELV) and responsible-adult keys (RESP): key → person. */
  readonly pupilByKey: ReadonlyMap<string, string>;
  readonly guardianByKey: ReadonlyMap<string, string>;
  /** Classes of the current school year. */
  readonly classes: readonly { readonly id: string; readonly externalRef: string | null; readonly name: string }[];
  /** The enrolment in force of each pupil (one class at a time in this school). */
  readonly enrolments: ReadonlyMap<string, { readonly id: string; readonly classId: string }>;
  /** Links by child. */
  readonly linksOfChild: ReadonlyMap<string, readonly KnownLink[]>;
}

interface PersonRow {
  id: string;
  givenName: string;
  familyName: string;
  birthDate: unknown;
  email: string | null;
  phone: string | null;
}

const person = (row: PersonRow): KnownPerson => ({
  id: row.id,
  givenName: row.givenName,
  familyName: row.familyName,
  birthDate: readCalendarDate(row.birthDate),
  email: row.email,
  phone: row.phone,
});

/**
 * Reads a school's pupils, classes, enrolments, guardians and links as they stand at `now`. Every
 * list is ordered (by id where nothing else decides), so that two reads of the same data give the
 * same plan, and the same digest.
 */
export async function loadRosterState(manager: EntityManager, schoolId: string, schoolYearLabel: string, now: Date): Promise<RosterState> {
  const at = sqlInstant(now);
  const [years, pupilRows, parentRows, guardianRows, keyRows, classRows, enrolmentRows, linkRows] = await Promise.all([
    manager.query('SELECT id FROM school_year WHERE schoolId = ? AND label = ?', [schoolId, schoolYearLabel]) as Promise<{ id: string }[]>,
    manager.query(
      `SELECT p.id AS id, p.givenName AS givenName, p.familyName AS familyName, p.birthDate AS birthDate, p.email AS email, p.phone AS phone,
              m.endedAt AS endedAt
         FROM person p JOIN school_membership m ON m.personId = p.id AND m.schoolId = ? AND m.role = 'pupil'
        ORDER BY p.id`,
      [schoolId],
    ) as Promise<(PersonRow & { endedAt: unknown })[]>,
    manager.query("SELECT personId FROM school_membership WHERE schoolId = ? AND role = 'parent' ORDER BY personId", [schoolId]) as Promise<{ personId: string }[]>,
    manager.query(
      `SELECT DISTINCT p.id AS id, p.givenName AS givenName, p.familyName AS familyName, p.birthDate AS birthDate, p.email AS email, p.phone AS phone
         FROM person p JOIN guardianship g ON g.guardianId = p.id AND g.schoolId = ? ORDER BY p.id`,
      [schoolId],
    ) as Promise<PersonRow[]>,
    manager.query('SELECT personId, subject FROM external_identity WHERE issuer = ? AND subject LIKE ? ORDER BY subject', [
      AAF_JOIN_KEY_ISSUER,
      `${directoryKeyPrefix(schoolId)}%`,
    ]) as Promise<{ personId: string; subject: string }[]>,
    manager.query(
      `SELECT k.id AS id, k.externalRef AS externalRef, k.name AS name FROM school_class k
         JOIN school_year y ON y.id = k.schoolYearId AND y.label = ? WHERE k.schoolId = ? ORDER BY k.id`,
      [schoolYearLabel, schoolId],
    ) as Promise<{ id: string; externalRef: string | null; name: string }[]>,
    manager.query(
      'SELECT id, pupilId, classId FROM enrolment WHERE schoolId = ? AND startedAt <= ? AND (endedAt IS NULL OR endedAt > ?) ORDER BY startedAt, id',
      [schoolId, at, at],
    ) as Promise<{ id: string; pupilId: string; classId: string }[]>,
    manager.query(
      `SELECT id, guardianId, childId, status, approval, legalBasisKind, effectiveFrom, effectiveTo FROM guardianship
        WHERE schoolId = ? AND (effectiveTo IS NULL OR effectiveTo > ?) ORDER BY effectiveFrom, createdAt, id`,
      [schoolId, at],
    ) as Promise<{ id: string; guardianId: string; childId: string; status: GuardianshipStatus; approval: GuardianshipApproval; legalBasisKind: LegalBasisKind | null; effectiveFrom: unknown }[]>,
  ]);

  const pupilByKey = new Map<string, string>();
  const guardianByKey = new Map<string, string>();
  for (const row of keyRows) {
    const key = readDirectoryKeySubject(schoolId, row.subject);
    if (key) (key.kind === 'pupil' ? pupilByKey : guardianByKey).set(key.key, row.personId);
  }
  const enrolments = new Map<string, { id: string; classId: string }>();
  for (const row of enrolmentRows) enrolments.set(row.pupilId, { id: row.id, classId: row.classId });

  // The latest row of each pair decides; a pair whose latest row starts later is not in force yet.
  const latest = new Map<string, KnownLink>();
  for (const row of linkRows) {
    latest.set(`${row.guardianId}/${row.childId}`, {
      id: row.id,
      guardianId: row.guardianId,
      childId: row.childId,
      status: row.status,
      approval: row.approval,
      legalBasisKind: row.legalBasisKind,
      inForce: readInstant(row.effectiveFrom).getTime() <= now.getTime(),
    });
  }
  const linksOfChild = new Map<string, KnownLink[]>();
  for (const link of latest.values()) linksOfChild.set(link.childId, [...(linksOfChild.get(link.childId) ?? []), link]);

  return {
    schoolYearId: years[0]?.id ?? null,
    pupils: pupilRows.map(person),
    leftPupilIds: new Set(pupilRows.filter((row) => row.endedAt !== null && readInstant(row.endedAt).getTime() <= now.getTime()).map((row) => row.id)),
    parentIds: new Set(parentRows.map((row) => row.personId)),
    guardians: new Map(guardianRows.map((row) => [row.id, person(row)])),
    pupilByKey,
    guardianByKey,
    classes: classRows,
    enrolments,
    linksOfChild,
  };
}
