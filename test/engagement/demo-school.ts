import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source.js';
import { runPendingMigrations } from '../../src/db/migrate.js';
import { seedDemoSchool } from '../../src/demo/seed-demo-school.js';
import { recreateDatabase, scratchDatabaseTarget } from '../support/database.js';

/** When the demo school of these tests was seeded: its portfolio and messages are dated from it. */
export const SEEDED_AT = new Date('2026-11-01T08:00:00.000Z');

/**
 * The demo school alone in a database of its own: other suites sign the shared demo school's
 * people in, which would change the figures these tests compute by hand.
 */
export async function privateDemoSchool(): Promise<{ dataSource: DataSource; schoolId: string }> {
  const target = await scratchDatabaseTarget('engagement');
  await recreateDatabase(target);
  const dataSource = createDataSource(target);
  await dataSource.initialize();
  await runPendingMigrations(dataSource);
  const schoolId = await seedDemoSchool(dataSource, SEEDED_AT);
  return { dataSource, schoolId };
}

/** A demo person's id by name. */
export async function personId(dataSource: DataSource, givenName: string, familyName: string): Promise<string> {
  const rows = (await dataSource.query('SELECT id FROM person WHERE givenName = ? AND familyName = ?', [givenName, familyName])) as { id: string }[];
  if (rows.length !== 1) throw new Error(`${rows.length} people named ${givenName} ${familyName}`);
  return rows[0]!.id;
}
