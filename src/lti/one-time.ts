import { DataSource, type EntityManager, type EntityTarget, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { updateIf } from './conditional-update.js';
import { sha256Hex } from './secrets.js';

/** A row holding a one-time secret (a state, a handoff code, a picker token, an invitation). */
interface OneTimeRow {
  readonly id: string;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
}

/**
 * The one-time-secret pattern, written once: the secret is stored only as its SHA-256 (a copy of
 * the table opens nothing), found by that hash, usable until it expires, and spent by a
 * conditional update so that of two requests racing for it (on two instances), exactly one wins.
 */
export const oneTime = {
  /** The row a secret names, looked up by its hash in `hashColumn`. */
  async find<E extends OneTimeRow & ObjectLiteral>(
    runner: DataSource | EntityManager,
    entity: EntityTarget<E>,
    hashColumn: keyof E & string,
    secret: string,
  ): Promise<E | undefined> {
    const where = { [hashColumn]: sha256Hex(secret) } as FindOptionsWhere<E>;
    return (await runner.getRepository(entity).findOneBy(where)) ?? undefined;
  },

  /** Neither spent nor expired. */
  isUsable(row: OneTimeRow, now: Date): boolean {
    return row.usedAt === null && row.expiresAt.getTime() > now.getTime();
  },

  /** Spends the row, with `extra` values written at the same time; false when another request spent it first. */
  async spend<E extends OneTimeRow & ObjectLiteral>(
    runner: DataSource | EntityManager,
    entity: EntityTarget<E>,
    row: OneTimeRow,
    now: Date,
    extra: QueryDeepPartialEntity<E> = {},
  ): Promise<boolean> {
    if (Object.keys(extra).length > 0) {
      return updateIf(runner, entity, { ...extra, usedAt: now } as QueryDeepPartialEntity<E>, 'id = :id AND usedAt IS NULL', { id: row.id });
    }
    // The common case (every launch spends its login) as one hand-written statement: a query
    // builder rebuilds its SQL on each call.
    const manager = runner instanceof DataSource ? undefined : runner;
    const dataSource = manager ? manager.connection : (runner as DataSource);
    const queryRunner = manager?.queryRunner ?? dataSource.createQueryRunner();
    try {
      const table = dataSource.getMetadata(entity).tableName;
      const result = (await queryRunner.query(`UPDATE ${table} SET usedAt = ? WHERE id = ? AND usedAt IS NULL`, [sqlInstant(now), row.id], true)) as { affected?: number };
      return result.affected === 1;
    } finally {
      if (!manager?.queryRunner) await queryRunner.release();
    }
  },
};
