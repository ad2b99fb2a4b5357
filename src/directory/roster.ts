import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import { byNames } from '../i18n/collation.js';
import { narrowerScope } from '../consent/resolve-image-consent.js';
import type { ImageConsentPurpose, ImageConsentScope } from '../model/roles.js';
import { listGuardiansOfChildren, type GuardianLink } from './guardians.js';
import { imageConsentStates } from './image-consents.js';
import { inForce } from './in-force.js';
import { readPersonNameRow } from '../db/common-rows.js';
import { queryRows } from '../db/row-reader.js';

/** A pupil in a class list, with their image-rights scope and guardians. */
interface RosterPupil {
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  /** The narrower of the portfolio and class-moment scopes: what a teacher tagging a photo must respect. */
  readonly imageConsent: ImageConsentScope;
  /** The scope in force for each purpose. */
  readonly imageConsents: Readonly<Record<ImageConsentPurpose, ImageConsentScope>>;
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
    imageConsentStates(dataSource, schoolId, ids, now),
  ]);
  return pupils.map((pupil) => {
    const state = consents.get(pupil.id);
    const imageConsents = {
      portfolio: state?.portfolio.scope ?? 'none',
      classMoments: state?.classMoments.scope ?? 'none',
      printedDocuments: state?.printedDocuments.scope ?? 'none',
    } as const;
    return {
      ...pupil,
      imageConsent: narrowerScope(imageConsents.portfolio, imageConsents.classMoments),
      imageConsents,
      guardians: guardians.get(pupil.id) ?? [],
    };
  });
}
