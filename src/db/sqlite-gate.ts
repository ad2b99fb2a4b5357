import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Serialises access to the embedded SQLite database, whose single connection TypeORM shares
 * between all requests. Statements run concurrently with each other (each executes
 * synchronously), but a transaction needs the connection to itself: a statement of another
 * request issued while it is open would otherwise run inside it — seeing its uncommitted rows,
 * and vanishing with it if it rolls back.
 *
 * A reader–writer lock: statements are shared holders, a transaction the exclusive one. Code
 * running inside the transaction (its own statements, a nested transaction) is recognised
 * through `AsyncLocalStorage` and passes straight through.
 */
export class SqliteGate {
  private readonly insideTransaction = new AsyncLocalStorage<true>();
  private statementsRunning = 0;
  private transactionOpen = false;
  private readonly waiting: (() => void)[] = [];

  /** True when called from code running inside the open transaction. */
  isInsideTransaction(): boolean {
    return this.insideTransaction.getStore() === true;
  }

  /** Runs one statement, after any open transaction has ended. */
  async statement<T>(run: () => Promise<T>): Promise<T> {
    if (this.isInsideTransaction()) return run();
    while (this.transactionOpen) await this.nextTurn();
    this.statementsRunning += 1;
    try {
      return await run();
    } finally {
      this.statementsRunning -= 1;
      this.wakeAll();
    }
  }

  /** Runs a transaction once no other transaction is open and no outside statement is running. */
  async transaction<T>(run: () => Promise<T>): Promise<T> {
    if (this.isInsideTransaction()) return run();
    while (this.transactionOpen || this.statementsRunning > 0) await this.nextTurn();
    this.transactionOpen = true;
    try {
      return await this.insideTransaction.run(true, run);
    } finally {
      this.transactionOpen = false;
      this.wakeAll();
    }
  }

  private nextTurn(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private wakeAll(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}
