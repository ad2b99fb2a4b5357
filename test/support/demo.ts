import { Person } from '../../src/model/index.js';
import { seedDemoSchool } from '../../src/demo/seed-demo-school.js';
import { testDataSource } from './database.js';

let demoSchoolId: Promise<string> | undefined;

/** The demo school of this run, created once (its UAI is unique). */
export function demoSchool(): Promise<string> {
  demoSchoolId ??= seedDemoSchool(testDataSource(), new Date('2026-11-01T08:00:00.000Z'));
  return demoSchoolId;
}

/** A person of the demo school by name (other suites may create people with the same names elsewhere). */
export async function demoPerson(givenName: string, familyName: string): Promise<Person> {
  const schoolId = await demoSchool();
  const rows = (await testDataSource().query(
    `SELECT DISTINCT p.id AS id FROM person p JOIN school_membership m ON m.personId = p.id AND m.schoolId = ?
      WHERE p.givenName = ? AND p.familyName = ?`,
    [schoolId, givenName, familyName],
  )) as { id: string }[];
  if (rows.length !== 1) throw new Error(`${rows.length} demo people named ${givenName} ${familyName}`);
  return testDataSource().getRepository(Person).findOneByOrFail({ id: rows[0]!.id });
}
