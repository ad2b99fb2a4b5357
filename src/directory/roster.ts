import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import { byNames } from '../i18n/collation.js';
import type { ImageConsentScope } from '../model/roles.js';
import { listGuardiansOfChildren, type GuardianLink } from './guardians.js';
import { currentImageConsents } from './image-consents.js';
import { inForce } from './in-force.js';
import { readPersonNameRow } from '../db/common-rows.js';
import { queryRows } from '../db/row-reader.js';

/** A pupil in a class list, with their image-rights scope and guardians. */
interface RosterPupil {
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly imageConsent: ImageConsentScope;
  readonly guardians: readonly GuardianLink[];
}

/** The pupils enrolled in a class now, sorted by name. */
export async function classRoster(dataSource: DataSource, schoolId: string, classId: string, now: Date): Promise<RosterPupil[]> {
  const at = sqlInstant(now);
  const pupils = await queryRows(dataSource, readPersonNameRow, `SELECT p.id AS id, p.givenName AS givenName, p.familyName AS familyName
       FROM enrolment e
       JOIN person p ON p.id = e.pupilId
      WHERE e.classId = ? AND e.schoolId = ? AND ${inForce('e')}
      ORDER BY p.familyName, p.givenName`,
    [classId, schoolId, at, at]);
  pupils.sort(byNames((pupil) => [pupil.familyName, pupil.givenName]));
  const ids = pupils.map((pupil) => pupil.id);
  const [guardians, consents] = await Promise.all([
    listGuardiansOfChildren(dataSource, schoolId, ids, now),
    currentImageConsents(dataSource, schoolId, ids, now),
  ]);
  return pupils.map((pupil) => ({
    ...pupil,
    imageConsent: consents.get(pupil.id) ?? 'none',
    guardians: guardians.get(pupil.id) ?? [],
  }));
}
