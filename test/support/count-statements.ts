import type { DataSource, Logger } from 'typeorm';

/** What a piece of work asked of the database. */
export interface StatementCount {
  /** Statements other than transaction control (reads and writes). */
  readonly statements: number;
  /** Transactions opened (each also costs a START/BEGIN and a COMMIT or ROLLBACK round trip). */
  readonly transactions: number;
  /** Every round trip to the database: the statements plus each transaction's begin and end. */
  readonly roundTrips: number;
  /** The SQL sent, in order, for a failing assertion's message. */
  readonly sql: readonly string[];
}

const BEGIN = /^\s*(START TRANSACTION|BEGIN)/i;
const END = /^\s*(COMMIT|ROLLBACK)/i;

/**
 * Counts the statements and transactions a data source sends while `work` runs. TypeORM hands
 * every statement of every query runner (repositories, query builders, raw queries and the
 * transactions' own START/COMMIT) to the data source's logger, whether logging is on or not, so
 * wrapping `logQuery` sees them all on both engines. Work running concurrently on the same data
 * source is counted too: measure one request at a time.
 */
export async function countStatements<T>(dataSource: DataSource, work: () => Promise<T>): Promise<{ result: T; count: StatementCount }> {
  const logger: Logger = dataSource.logger;
  const original = logger.logQuery.bind(logger);
  const sql: string[] = [];
  logger.logQuery = (query, parameters, runner) => {
    sql.push(query.replace(/\s+/g, ' ').trim());
    return original(query, parameters, runner);
  };
  try {
    const result = await work();
    const transactions = sql.filter((line) => BEGIN.test(line)).length;
    const control = transactions + sql.filter((line) => END.test(line)).length;
    return { result, count: { statements: sql.length - control, transactions, roundTrips: sql.length, sql } };
  } finally {
    logger.logQuery = original;
  }
}
