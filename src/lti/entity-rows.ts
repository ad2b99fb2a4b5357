import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { readInstant } from '../db/sql-values.js';

/** How to select an entity's columns under an alias in hand-written SQL, and read them back. */
export interface EntityColumns<E extends ObjectLiteral> {
  /** `alias.col AS prefix_col, …`, for a SELECT list. */
  readonly select: string;
  /** The entity from a row holding those columns; undefined when its first column is null (an unmatched LEFT JOIN). */
  read(row: Record<string, unknown>): E | undefined;
}

const cache = new WeakMap<DataSource, Map<unknown, Map<string, EntityColumns<ObjectLiteral>>>>();

/**
 * An entity's columns for a hand-written statement that joins several tables in one round trip,
 * derived once from TypeORM's metadata (so a column added to the entity is read here too). Rows
 * are read as the repositories would: instants as `Date` on both engines (see `readInstant`),
 * everything else as the driver returns it (the LTI tables hold text and instants only).
 * Hot paths use this instead of a query builder, whose SQL and hydration are rebuilt on each call.
 */
export function entityColumns<E extends ObjectLiteral>(dataSource: DataSource, entity: EntityTarget<E>, alias: string): EntityColumns<E> {
  let byEntity = cache.get(dataSource);
  if (!byEntity) cache.set(dataSource, (byEntity = new Map()));
  let byAlias = byEntity.get(entity);
  if (!byAlias) byEntity.set(entity, (byAlias = new Map()));
  const known = byAlias.get(alias);
  if (known) return known as EntityColumns<E>;

  const metadata = dataSource.getMetadata(entity);
  const columns = metadata.columns.map((column) => ({
    property: column.propertyName,
    name: column.databaseName,
    key: `${alias}_${column.databaseName}`,
    instant: column.type === 'datetime',
  }));
  const first = columns[0]!.key;
  const made: EntityColumns<E> = {
    select: columns.map((column) => `${alias}.${column.name} AS ${column.key}`).join(', '),
    read(row) {
      if (row[first] === null || row[first] === undefined) return undefined;
      const entityRow = metadata.create() as E;
      const target = entityRow as Record<string, unknown>;
      for (const column of columns) {
        const value = row[column.key];
        target[column.property] = column.instant && value !== null && value !== undefined ? readInstant(value) : value;
      }
      return entityRow;
    },
  };
  byAlias.set(alias, made as unknown as EntityColumns<ObjectLiteral>);
  return made;
}
