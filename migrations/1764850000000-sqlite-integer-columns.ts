import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The whole-number columns the earlier migrations declared as `int`. */
const INT_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  message: ['recipientCount'],
  message_file: ['width', 'height'],
  portfolio_medium: ['width', 'height', 'position'],
  skill: ['position'],
  notification_job: ['attempts'],
  link_notice: ['attempts'],
  weekly_reminder: ['attempts'],
};

/**
 * On SQLite, names the whole-number columns `integer`, the name TypeORM gives an `int` entity
 * column there, so that the entities and the migrated schema read the same (the schema check in
 * test/db/entities-match-migrations.test.ts). SQLite treats both names alike (integer affinity):
 * the values do not change. TypeORM rebuilds each table to rename a type, copying its rows,
 * with foreign keys off during migrations. MariaDB/MySQL already say `int`: nothing to do there.
 */
export class SqliteIntegerColumns1764850000000 implements MigrationInterface {
  name = 'SqliteIntegerColumns1764850000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await retype(queryRunner, 'integer');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await retype(queryRunner, 'int');
  }
}

async function retype(queryRunner: QueryRunner, type: 'int' | 'integer'): Promise<void> {
  if (queryRunner.connection.options.type !== 'better-sqlite3') return;
  for (const [tableName, columnNames] of Object.entries(INT_COLUMNS)) {
    const table = await queryRunner.getTable(tableName);
    if (!table) throw new Error(`table ${tableName} is missing`);
    const changes = columnNames.map((name) => {
      const oldColumn = table.findColumnByName(name);
      if (!oldColumn) throw new Error(`column ${tableName}.${name} is missing`);
      const newColumn = oldColumn.clone();
      newColumn.type = type;
      return { oldColumn, newColumn };
    });
    await queryRunner.changeColumns(table, changes);
  }
}
