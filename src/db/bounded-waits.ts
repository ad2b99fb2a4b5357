import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';
import { databaseMetrics } from '../metrics/metrics.js';
import { DatabaseWaitExceeded } from './database-unavailable.js';

/** The part of a mysql2 pooled connection this module uses. */
interface PooledConnection {
  release(): void;
  destroy(): void;
}

/** TypeORM's MySQL driver method that takes a connection from the pool. */
interface PoolingDriver {
  obtainMasterConnection(): Promise<PooledConnection>;
}

const unbounded = new AsyncLocalStorage<true>();

/**
 * Runs `work` without the statement bound: migrations may rightly run one long ALTER TABLE.
 */
export function withoutStatementBound<T>(work: () => Promise<T>): Promise<T> {
  return unbounded.run(true, work);
}

/**
 * Bounds every wait on a MariaDB/MySQL data source: taking a connection from the pool (mysql2's
 * pool queues callers forever, and a frozen server never finishes a handshake) and each
 * statement (a frozen server never answers on an open connection). Past `waitMs` the caller gets
 * `DatabaseWaitExceeded`; a connection whose statement ran out is destroyed, never handed back to
 * the pool half-used, and one that arrives after its caller gave up goes straight back.
 *
 * Called on a data source not yet initialised; the pool itself is TypeORM's.
 */
export function boundDatabaseWaits(dataSource: DataSource, waitMs: number): void {
  const driver = dataSource.driver as unknown as PoolingDriver;
  const obtain = driver.obtainMasterConnection.bind(driver);
  driver.obtainMasterConnection = () => acquireWithin(obtain, waitMs);

  const createQueryRunner = dataSource.driver.createQueryRunner.bind(dataSource.driver);
  const wrapped = new WeakSet<QueryRunner>();
  dataSource.driver.createQueryRunner = (mode) => {
    const runner = createQueryRunner(mode);
    if (wrapped.has(runner)) return runner;
    wrapped.add(runner);
    const query = runner.query.bind(runner) as QueryRunner['query'];
    runner.query = (async (...args: Parameters<QueryRunner['query']>) => {
      if (unbounded.getStore() === true) return query(...args);
      const connection = (await runner.connect()) as PooledConnection;
      return statementWithin(query(...args), waitMs, () => connection.destroy());
    }) as QueryRunner['query'];
    return runner;
  };
}

function acquireWithin(obtain: () => Promise<PooledConnection>, waitMs: number): Promise<PooledConnection> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let gaveUp = false;
    const timer = setTimeout(() => {
      gaveUp = true;
      databaseMetrics.waitsExceeded.inc({ phase: 'connection' });
      reject(new DatabaseWaitExceeded('connection', waitMs));
    }, waitMs);
    obtain().then(
      (connection) => {
        if (gaveUp) {
          connection.release();
          return;
        }
        clearTimeout(timer);
        databaseMetrics.acquireSeconds.observe((performance.now() - started) / 1000);
        resolve(connection);
      },
      (error: unknown) => {
        if (gaveUp) return;
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function statementWithin<T>(statement: Promise<T>, waitMs: number, abandon: () => void): Promise<T> {
  return new Promise((resolve, reject) => {
    let gaveUp = false;
    const timer = setTimeout(() => {
      gaveUp = true;
      databaseMetrics.waitsExceeded.inc({ phase: 'statement' });
      // The server may still run it; the connection is closed so nothing else queues behind it.
      abandon();
      reject(new DatabaseWaitExceeded('statement', waitMs));
    }, waitMs);
    statement.then(
      (result) => {
        if (gaveUp) return;
        clearTimeout(timer);
        resolve(result);
      },
      (error: unknown) => {
        if (gaveUp) return;
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
