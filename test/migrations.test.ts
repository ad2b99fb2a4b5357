import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { createDataSource, engineOf, MIGRATIONS_TABLE } from '../src/db/data-source.js';
import { hasPendingMigrations, revertLastMigration, runPendingMigrations } from '../src/db/migrate.js';
import { MIGRATIONS } from '../migrations/index.js';
import { scratchDatabaseTarget, testDataSource } from './support/database.js';

/**
 * Every table the migrations create, each checked to appear going up and to go away going down.
 * The list must be the whole schema: a test below fails when a migration or an entity adds a
 * table that is not named here.
 */
const TABLES = [
  'audit_event',
  'calendar_feed',
  'charter_acknowledgement',
  'data_request',
  'enrolment',
  'entry_pupil',
  'entry_response',
  'entry_skill',
  'external_identity',
  'guardianship',
  'http_session',
  'identity_class_source',
  'identity_pending_request',
  'identity_replay_guard',
  'identity_session_link',
  'image_consent',
  'invite_code',
  'link_notice',
  'link_unsubscribe',
  'lti_context_sync',
  'lti_deep_link_request',
  'lti_deployment',
  'lti_handoff',
  'lti_login',
  'lti_platform',
  'lti_registration_invite',
  'lti_tool_key',
  'medium_tag',
  'meeting_action',
  'meeting_booking',
  'meeting_campaign',
  'meeting_host',
  'meeting_invitation',
  'meeting_notice',
  'meeting_record',
  'meeting_slot',
  'message',
  'message_attachment',
  'message_file',
  'message_reaction',
  'message_recipient',
  'notification_job',
  'notification_preference',
  'paper_answer',
  'paper_channel',
  'paper_code',
  'person',
  'portfolio_access',
  'portfolio_entry',
  'portfolio_feed_item',
  'portfolio_import_origin',
  'portfolio_medium',
  'push_subscription',
  'reach_action',
  'reach_message_summary',
  'rate_limit_window',
  'retention_hold',
  'retention_lease',
  'retention_notice',
  'retention_pending_object',
  'roster_import',
  'school',
  'school_appointment',
  'school_charter',
  'school_class',
  'school_membership',
  'school_year',
  'share_grant',
  'share_session',
  'skill',
  'survey',
  'survey_answer',
  'survey_ballot',
  'teaching_assignment',
  'translation_cache',
  'weekly_reminder',
];

/** Tables the engine or TypeORM keep for themselves, not the app's. */
const BOOKKEEPING_TABLES = new Set([MIGRATIONS_TABLE, 'sqlite_sequence']);

/** The app's tables in the data source's database, read from the engine's own catalogue. */
async function tablesIn(dataSource: DataSource): Promise<string[]> {
  const sql =
    engineOf(dataSource) === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table'"
      : 'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()';
  const rows = (await dataSource.query(sql)) as { name: string }[];
  return rows.map((row) => row.name).filter((name) => !BOOKKEEPING_TABLES.has(name)).sort();
}


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
      expect(await tablesIn(dataSource), 'the tables the migrations create, all listed in TABLES').to.deep.equal([...TABLES].sort());

      for (let index = 0; index < MIGRATIONS.length; index += 1) await revertLastMigration(dataSource);
      for (const table of TABLES) expect(await runner.hasTable(table), `${table} after down`).to.equal(false);
      expect(await tablesIn(dataSource), 'tables left after every down').to.deep.equal([]);
      expect(await hasPendingMigrations(dataSource)).to.equal(true);

      expect(await runPendingMigrations(dataSource)).to.deep.equal(MIGRATIONS.map((migration) => migration.name));
      for (const table of TABLES) expect(await runner.hasTable(table), `${table} after up`).to.equal(true);
      await runner.release();
    } finally {
      await dataSource.destroy();
    }
  });

  it('list every entity\'s table among the tables they create', () => {
    const entityTables = testDataSource().entityMetadatas.map((metadata) => metadata.tableName);
    expect(entityTables.filter((table) => !TABLES.includes(table)), 'entity tables missing from TABLES').to.deep.equal([]);
  });

  it('name every file {timestamp}-kebab-name with a class of the same timestamp', () => {
    for (const migration of MIGRATIONS) expect(migration.name).to.match(/^[A-Z]\w+\d{13}$/);
  });
});
