import type { ModuleContext } from '../context.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { defaultSchoolSettings, readSchoolSettings } from '../model/school-settings.js';
import { retentionTable, type RetentionRow } from '../retention/retention-table.js';

/** What the legal pages say about one school, or about the deployment when no school is named. */
export interface LegalFacts {
  readonly school: { readonly id: string; readonly name: string; readonly uai: string } | null;
  /** The retention table from the school's settings as they are now (defaults for the deployment). */
  readonly retention: readonly RetentionRow[];
  /** The school's data-protection officer, else the deployment's; null when neither is said. */
  readonly dpoContact: string | null;
  readonly publisher: string | null;
  readonly hosting: string | null;
}

/**
 * The facts of the privacy notice and the register: the school named by `schoolId` (public
 * facts only: its name, UAI and settings), else the signed-in person's first school, else the
 * deployment alone. An unknown id reads as the deployment's.
 */
export async function readLegalFacts(deps: Pick<ModuleContext, 'dataSource' | 'config'>, schoolId: string | undefined, signedInPersonId: string | null): Promise<LegalFacts> {
  const readSchool = rowReader({ id: column.text, name: column.text, uai: column.text, settingsJson: column.text });
  const [school] = schoolId
    ? await queryRows(deps.dataSource, readSchool, 'SELECT id, name, uai, settingsJson FROM school WHERE id = ?', [schoolId])
    : signedInPersonId
      ? await queryRows(
          deps.dataSource,
          readSchool,
          `SELECT s.id AS id, s.name AS name, s.uai AS uai, s.settingsJson AS settingsJson FROM school s
            WHERE s.id IN (SELECT schoolId FROM school_membership WHERE personId = ? AND endedAt IS NULL) ORDER BY s.name LIMIT 1`,
          [signedInPersonId],
        )
      : [];
  const settings = school ? readSchoolSettings(school) : defaultSchoolSettings();
  const { legal } = deps.config;
  return {
    school: school ? { id: school.id, name: school.name, uai: school.uai } : null,
    retention: retentionTable(settings),
    dpoContact: settings.legal.dpoContact || legal.dpoContact,
    publisher: legal.publisher,
    hosting: legal.hosting,
  };
}
