import { expect } from 'chai';
import { hitRateLimit } from '../../src/http/rate-limit.js';
import { createDataSource } from '../../src/db/data-source.js';
import { revertLastMigration, runPendingMigrations } from '../../src/db/migrate.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { testDataSource, scratchDatabaseTarget } from '../support/database.js';

/*
 * The database-backed rate limiter: fixed windows counted in the database, so that several
 * instances share one count. Atomic: concurrent hits never let more through than the limit.
 */
describe('rate limits', () => {
  const rule = { limit: 3, windowMs: 60_000 };
  const at = (iso: string) => new Date(iso);
  const count = async (prefix: string) =>
    Number(((await testDataSource().query('SELECT COUNT(*) AS n FROM rate_limit_window WHERE bucket LIKE ?', [`${prefix}%`])) as { n: number }[])[0]!.n);

  it('lets the limit through in a window, then refuses until the next one, saying when', async () => {
    const key = `test:window:${Date.now()}`;
    const decisions = [];
    for (let index = 0; index < 4; index += 1) decisions.push(await hitRateLimit(testDataSource(), key, rule, at('2030-01-01T10:00:15.000Z')));
    expect(decisions.map((decision) => decision.allowed)).to.deep.equal([true, true, true, false]);
    expect(decisions[3]!.retryAfterSeconds).to.equal(45);
    expect((await hitRateLimit(testDataSource(), key, rule, at('2030-01-01T10:01:00.000Z'))).allowed).to.equal(true);
  });

  it('counts each key on its own, whatever its length', async () => {
    const long = `test:long:${'é'.repeat(300)}`;
    const now = at('2030-01-01T11:00:00.000Z');
    for (let index = 0; index < 3; index += 1) await hitRateLimit(testDataSource(), long, rule, now);
    expect((await hitRateLimit(testDataSource(), long, rule, now)).allowed).to.equal(false);
    expect((await hitRateLimit(testDataSource(), `${long}x`, rule, now)).allowed).to.equal(true);
    expect((await hitRateLimit(testDataSource(), 'test:long:É', rule, now)).allowed, 'case and accents are other keys').to.equal(true);
  });

  it('never lets more than the limit through when hits race', async () => {
    const key = `test:race:${Date.now()}`;
    const now = at('2030-01-01T12:00:00.000Z');
    const decisions = await Promise.all(Array.from({ length: 20 }, () => hitRateLimit(testDataSource(), key, { limit: 10, windowMs: 60_000 }, now)));
    expect(decisions.filter((decision) => decision.allowed)).to.have.length(10);
  });

  it('forgets windows once they are over', async () => {
    const serial = Date.now();
    await hitRateLimit(testDataSource(), `test:purge-a:${serial}`, rule, at('2030-01-02T10:00:00.000Z'));
    expect(await count(`test:purge-a:${serial}`)).to.equal(1);
    await hitRateLimit(testDataSource(), `test:purge-b:${serial}`, rule, at('2030-01-02T12:00:00.000Z'));
    expect(await count(`test:purge-a:${serial}`), 'a window over for hours').to.equal(0);
    expect(await count(`test:purge-b:${serial}`)).to.equal(1);
  });

  it('its migration creates the table, and its down() drops only it', async function () {
    // Every migration runs up, then down to this one, then up again: on MariaDB each DDL statement
    // commits on its own and the schema has grown, as the whole-schema migration test allows for.
    this.timeout(180_000);
    const position = MIGRATIONS.findIndex((migration) => migration.name === 'RateLimits1764200000000');
    expect(position).to.be.greaterThan(-1);
    expect(MIGRATIONS[position - 1]?.name).to.equal('Lti1764100000000');
    const later = MIGRATIONS.slice(position + 1).map((migration) => migration.name);
    const dataSource = createDataSource(await scratchDatabaseTarget('rate_limit_migration'));
    await dataSource.initialize();
    const runner = dataSource.createQueryRunner();
    try {
      await dataSource.dropDatabase();
      await runPendingMigrations(dataSource);
      expect(await runner.hasTable('rate_limit_window')).to.equal(true);
      for (let undone = 0; undone <= later.length; undone += 1) await revertLastMigration(dataSource);
      expect(await runner.hasTable('rate_limit_window')).to.equal(false);
      expect(await runner.hasTable('lti_platform')).to.equal(true);
      expect(await runPendingMigrations(dataSource)).to.deep.equal(['RateLimits1764200000000', ...later]);
    } finally {
      await runner.release();
      await dataSource.destroy();
    }
  });
});
