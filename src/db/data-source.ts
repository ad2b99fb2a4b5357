import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type QueryRunner } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import type { DatabaseTarget } from '../config/database-url.js';
import { ENTITIES } from '../model/index.js';
import { SqliteGate } from './sqlite-gate.js';
import { boundDatabaseWaits } from './bounded-waits.js';

/** Table where TypeORM records which migrations have run. */
export const MIGRATIONS_TABLE = 'schema_migration';

/** How long SQLite waits for another process's lock when no bound is given. */
const UNBOUNDED_SQLITE_BUSY_MS = 5_000;

/**
 * A TypeORM data source for the embedded SQLite file or a MariaDB/MySQL server, not yet
 * initialised. Schema changes only ever come from migrations (`synchronize` stays off).
 *
 * With `waitMs` (the server and the worker pass `config.operations.databaseWaitMs`), no caller
 * waits longer than that for a connection or for one statement: a frozen, stopped or locked
 * database ends in an error that the error handler answers 503 SERVICE_UNAVAILABLE.
 */
export function createDataSource(target: DatabaseTarget, bounds: { readonly waitMs?: number } = {}): DataSource {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    synchronize: false,
    migrationsRun: false,
  } as const;

  if (target.kind === 'sqlite') {
    if (target.file !== ':memory:') fs.mkdirSync(path.dirname(target.file), { recursive: true });
    return gated(new DataSource({
      type: 'better-sqlite3',
      database: target.file,
      // WAL lets readers run while a write commits; the busy timeout absorbs short write contention
      // (another process's lock). better-sqlite3 waits synchronously: the bound keeps that short.
      enableWAL: true,
      prepareDatabase: (db: { pragma(statement: string): unknown }) => {
        db.pragma(`busy_timeout = ${Math.round(bounds.waitMs ?? UNBOUNDED_SQLITE_BUSY_MS)}`);
      },
      ...common,
    }));
  }

  const dataSource = new DataSource({
    type: 'mysql',
    url: target.url,
    // Instants are written and read in UTC whatever the server's own time zone.
    timezone: 'Z',
    // Calendar dates stay 'YYYY-MM-DD' text, as SQLite returns them: no time zone can shift them.
    dateStrings: ['DATE'],
    charset: 'utf8mb4_unicode_ci',
    // mysql2 captures a stack trace for every query so that an error can point at its caller: a
    // few per cent of a page's CPU. A failed statement is reported with its SQL and error code,
    // which is what finding it needs.
    extra: { connectionLimit: MYSQL_POOL_LIMIT, trace: false },
    // A silent server (frozen, or a dropped network) never finishes the handshake: give up in time.
    ...(bounds.waitMs === undefined ? {} : { connectTimeout: bounds.waitMs }),
    ...common,
  });
  if (bounds.waitMs !== undefined) boundDatabaseWaits(dataSource, bounds.waitMs);
  return dataSource;
}

/** Connections each process's MariaDB/MySQL pool opens at most. */
const MYSQL_POOL_LIMIT = 20;

const gates = new WeakMap<DataSource, SqliteGate>();

/** The gate of an SQLite data source (see `SqliteGate`); undefined for MariaDB/MySQL. */
export function sqliteGateOf(dataSource: DataSource): SqliteGate | undefined {
  return gates.get(dataSource);
}

/**
 * Puts every statement of an SQLite data source through its gate. TypeORM's better-sqlite3
 * driver hands out one query runner for everything, so wrapping its `query` covers repositories,
 * query builders, raw queries, migrations and the transactions' own BEGIN/COMMIT.
 */
function gated(dataSource: DataSource): DataSource {
  const gate = new SqliteGate();
  gates.set(dataSource, gate);
  const driver = dataSource.driver;
  const createQueryRunner = driver.createQueryRunner.bind(driver);
  const wrapped = new WeakSet<QueryRunner>();
  driver.createQueryRunner = (mode) => {
    const runner = createQueryRunner(mode);
    if (!wrapped.has(runner)) {
      const query = runner.query.bind(runner) as QueryRunner['query'];
      runner.query = ((...args: Parameters<QueryRunner['query']>) => gate.statement(() => query(...args))) as QueryRunner['query'];
      wrapped.add(runner);
    }
    return runner;
  };
  return dataSource;
}

/** The engine behind a data source, for the few places where SQL differs. */
export function engineOf(dataSource: DataSource): 'sqlite' | 'mysql' {
  return dataSource.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql';
}
