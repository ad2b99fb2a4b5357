import { expect } from 'chai';
import { isUniqueViolation } from '../../src/db/unique-violation.js';
import { newId } from '../../src/model/columns.js';
import { testDataSource } from '../support/database.js';

/** What a statement throws, or a failure of the test when it does not throw. */
async function failureOf(statement: Promise<unknown>): Promise<unknown> {
  try {
    await statement;
  } catch (error) {
    return error;
  }
  throw new Error('the statement was expected to fail');
}

/*
 * "Another request did it first" is told apart from real failures on the engine itself: each
 * case provokes the violation on a real table, so a driver or engine code the check misses fails here.
 */
describe('isUniqueViolation', () => {
  const table = `unique_probe_${newId().slice(0, 8)}`;

  before(async () => {
    await testDataSource().query(`CREATE TABLE ${table} (id VARCHAR(36) NOT NULL PRIMARY KEY, code VARCHAR(20) NOT NULL, CONSTRAINT uq_${table}_code UNIQUE (code))`);
  });

  after(async () => {
    await testDataSource().query(`DROP TABLE ${table}`);
  });

  const insert = (id: string, code: string | null) => testDataSource().query(`INSERT INTO ${table} (id, code) VALUES (?, ?)`, [id, code]);

  it('recognises a second row on a unique index', async () => {
    await insert(newId(), 'taken');
    expect(isUniqueViolation(await failureOf(insert(newId(), 'taken')))).to.equal(true);
  });

  it('recognises a second row with the same primary key', async () => {
    const id = newId();
    await insert(id, 'first');
    expect(isUniqueViolation(await failureOf(insert(id, 'second')))).to.equal(true);
  });

  it('leaves every other failure a real error', async () => {
    expect(isUniqueViolation(await failureOf(insert(newId(), null)))).to.equal(false);
    expect(isUniqueViolation(await failureOf(testDataSource().query(`SELECT missing_column FROM ${table}`)))).to.equal(false);
    expect(isUniqueViolation(new Error('connection lost'))).to.equal(false);
    expect(isUniqueViolation(undefined)).to.equal(false);
  });
});
