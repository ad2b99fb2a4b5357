import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';

/**
 * Updates a row only while a condition still holds, and says whether it did: how a one-time
 * value (a nonce, an invitation, a deep-link token) is used exactly once even when two instances
 * race for it. Instants in `parameters` are passed through `sqlInstant`.
 */
export async function updateIf<E extends ObjectLiteral>(
  runner: DataSource | EntityManager,
  entity: EntityTarget<E>,
  values: QueryDeepPartialEntity<E>,
  condition: string,
  parameters: Record<string, string | number | null>,
): Promise<boolean> {
  const result = await runner.createQueryBuilder().update(entity).set(values).where(condition, parameters).execute();
  return result.affected === 1;
}
