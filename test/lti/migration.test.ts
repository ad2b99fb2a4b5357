import { expect } from 'chai';
import { createDataSource } from '../../src/db/data-source.js';
import { revertLastMigration, runPendingMigrations } from '../../src/db/migrate.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { scratchDatabaseTarget } from '../support/database.js';

const LTI_TABLES = [
  'lti_platform',
  'lti_deployment',
  'lti_login',
  'lti_tool_key',
  'lti_context_sync',
  'lti_deep_link_request',
  'lti_registration_invite',
  'lti_handoff',
];

describe('LTI migration', () => {
  it('creates the LTI tables, and its down() drops them and nothing else', async () => {
    const position = MIGRATIONS.findIndex((migration) => migration.name === 'Lti1764100000000');
    expect(position, 'the LTI migration is listed').to.be.greaterThan(-1);
    const later = MIGRATIONS.slice(position + 1).map((migration) => migration.name);
    const dataSource = createDataSource(await scratchDatabaseTarget('lti_migration'));
    await dataSource.initialize();
    const runner = dataSource.createQueryRunner();
    try {
      await dataSource.dropDatabase();
      await runPendingMigrations(dataSource);
      for (const table of LTI_TABLES) expect(await runner.hasTable(table), table).to.equal(true);
      // Later migrations go down first, then the LTI one, found by name whatever follows it.
      for (let undone = 0; undone <= later.length; undone += 1) await revertLastMigration(dataSource);
      for (const table of LTI_TABLES) expect(await runner.hasTable(table), `${table} after down`).to.equal(false);
      expect(await runner.hasTable('school'), 'earlier migrations stay').to.equal(true);
      expect(await runPendingMigrations(dataSource)).to.deep.equal(['Lti1764100000000', ...later]);
    } finally {
      await runner.release();
      await dataSource.destroy();
    }
  });
});
