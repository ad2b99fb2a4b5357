import { expect } from 'chai';
import { DataSource } from 'typeorm';
import type { DatabaseTarget } from '../../src/config/database-url.js';
import { createDataSource } from '../../src/db/data-source.js';
import { runPendingMigrations } from '../../src/db/migrate.js';
import { scratchDatabaseTarget } from '../support/database.js';

/**
 * The app's data source for `target`, as TypeORM must see it to read the server's catalogue: the
 * app opens MariaDB with the `mysql` driver, whose schema reader takes MariaDB's quoted
 * `DEFAULT NULL` for a literal 'NULL'; the `mariadb` flavour of the same driver reads it right.
 */
async function comparingDataSource(target: DatabaseTarget): Promise<DataSource> {
  const app = createDataSource(target);
  if (target.kind === 'sqlite') return app;
  await app.initialize();
  const [{ version }] = (await app.query('SELECT VERSION() AS version')) as [{ version: string }];
  await app.destroy();
  const { options } = app;
  if (options.type !== 'mysql' || !version.includes('MariaDB')) return createDataSource(target);
  return new DataSource({ ...options, type: 'mariadb' });
}

describe('entities and migrations', () => {
  it('describe the same schema: the schema builder finds nothing to change after the migrations', async function () {
    // Every table's DDL on a fresh database, then the whole catalogue read back: long on a busy MariaDB.
    this.timeout(180_000);
    const dataSource = await comparingDataSource(await scratchDatabaseTarget('entities'));
    await dataSource.initialize();
    try {
      await dataSource.dropDatabase();
      await runPendingMigrations(dataSource);
      const { upQueries } = await dataSource.driver.createSchemaBuilder().log();
      const changes = upQueries.map((query) => query.query);
      expect(changes, `the entities differ from the migrated schema; TypeORM would run:\n${changes.join(';\n')}`).to.deep.equal([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
