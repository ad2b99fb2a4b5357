import { expect } from 'chai';
import { createDataSource } from '../src/db/data-source.js';
import { hasPendingMigrations, revertLastMigration, runPendingMigrations } from '../src/db/migrate.js';
import { MIGRATIONS } from '../migrations/index.js';
import { scratchDatabaseTarget } from './support/database.js';

const TABLES = [
  'school',
  'school_year',
  'school_class',
  'person',
  'school_membership',
  'enrolment',
  'teaching_assignment',
  'guardianship',
  'external_identity',
  'image_consent',
  'audit_event',
  'http_session',
  'share_grant',
  'share_session',
  'portfolio_access',
  'invite_code',
  'link_notice',
  'link_unsubscribe',
  'portfolio_import_origin',
  'weekly_reminder',
  'school_appointment',
];

describe('migrations', () => {
  it('go up, down and up again on this engine', async function () {
    // Every table's DDL twice over: half a minute on a busy MariaDB.
    this.timeout(180_000);
    const dataSource = createDataSource(await scratchDatabaseTarget('migrations'));
    await dataSource.initialize();
    try {
      await dataSource.dropDatabase();
      expect(await hasPendingMigrations(dataSource)).to.equal(true);
      await runPendingMigrations(dataSource);
      expect(await hasPendingMigrations(dataSource)).to.equal(false);
      const runner = dataSource.createQueryRunner();
      for (const table of TABLES) expect(await runner.hasTable(table), table).to.equal(true);

      for (let index = 0; index < MIGRATIONS.length; index += 1) await revertLastMigration(dataSource);
      for (const table of TABLES) expect(await runner.hasTable(table), `${table} after down`).to.equal(false);
      expect(await hasPendingMigrations(dataSource)).to.equal(true);

      expect(await runPendingMigrations(dataSource)).to.deep.equal(MIGRATIONS.map((migration) => migration.name));
      for (const table of TABLES) expect(await runner.hasTable(table), `${table} after up`).to.equal(true);
      await runner.release();
    } finally {
      await dataSource.destroy();
    }
  });

  it('name every file {timestamp}-kebab-name with a class of the same timestamp', () => {
    for (const migration of MIGRATIONS) expect(migration.name).to.match(/^[A-Z]\w+\d{13}$/);
  });
});
