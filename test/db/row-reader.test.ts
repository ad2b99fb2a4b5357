import { expect } from 'chai';
import { engineOf } from '../../src/db/data-source.js';
import { column, queryRows, readRows, rowReader } from '../../src/db/row-reader.js';
import { testDataSource } from '../support/database.js';

describe('row readers', () => {
  const readRow = rowReader({
    id: column.text,
    note: column.nullableText,
    count: column.number,
    total: column.count,
    urgent: column.flag,
    at: column.instant,
    closedAt: column.nullableInstant,
    status: column.oneOf(['open', 'closed']),
    settings: column.json((document) => document as { quiet: boolean }),
  });

  it('read what better-sqlite3 gives: 0/1, UTC text, numbers', () => {
    const row = readRow({ id: 'a', note: null, count: 3, total: null, urgent: 1, at: '2026-03-01 08:30:00.250', closedAt: null, status: 'open', settings: '{"quiet":true}' });
    expect(row).to.deep.equal({
      id: 'a',
      note: null,
      count: 3,
      total: 0,
      urgent: true,
      at: new Date('2026-03-01T08:30:00.250Z'),
      closedAt: null,
      status: 'open',
      settings: { quiet: true },
    });
  });

  it('read what mysql2 gives: dates, counts as text, tinyint flags', () => {
    const at = new Date('2026-03-01T08:30:00.250Z');
    const row = readRow({ id: 'a', note: 'n', count: '12', total: '7', urgent: 0, at, closedAt: at, status: 'closed', settings: '{"quiet":false}', extra: 'dropped' });
    expect(row).to.deep.equal({ id: 'a', note: 'n', count: 12, total: 7, urgent: false, at, closedAt: at, status: 'closed', settings: { quiet: false } });
  });

  it('name the column that does not hold what its reader expects', () => {
    const good = { id: 'a', note: null, count: 1, total: 1, urgent: 1, at: '2026-03-01 08:30:00.000', closedAt: null, status: 'open', settings: '{}' };
    expect(() => readRow({ ...good, id: 42 })).to.throw(TypeError, /column id: expected text/);
    expect(() => readRow({ ...good, count: 'many' })).to.throw(TypeError, /column count: expected a number/);
    expect(() => readRow({ ...good, status: 'lost' })).to.throw(TypeError, /column status: expected one of open, closed/);
    expect(() => readRow({ ...good, at: null })).to.throw(TypeError, /column at/);
    expect(() => readRows({ not: 'rows' }, readRow)).to.throw(TypeError, /expected rows/);
  });

  it('decode a real row of this engine the same way', async () => {
    const dataSource = testDataSource();
    // The instant as each engine returns a datetime(3) column: UTC text on SQLite, a Date from mysql2.
    const instant = engineOf(dataSource) === 'sqlite' ? "'2026-03-01 08:30:00.250'" : "CAST('2026-03-01 08:30:00.250' AS DATETIME(3))";
    const [row] = await queryRows(
      dataSource,
      rowReader({ yes: column.flag, no: column.flag, n: column.number, at: column.instant }),
      `SELECT 1 = 1 AS yes, 1 = 0 AS no, COUNT(*) AS n, ${instant} AS at FROM school WHERE 1 = 0`,
    );
    expect(row).to.deep.equal({ yes: true, no: false, n: 0, at: new Date('2026-03-01T08:30:00.250Z') });
  });
});
