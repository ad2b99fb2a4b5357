import { randomUUID } from 'node:crypto';
import { Column, ForeignKey, PrimaryColumn } from 'typeorm';
import type { OnDeleteType } from 'typeorm/metadata/types/OnDeleteType.js';
import type { OnUpdateType } from 'typeorm/metadata/types/OnUpdateType.js';

/**
 * Column shapes shared by every entity, so that both engines store them the same way:
 * ids are UUID strings, instants are UTC `datetime(3)`, calendar dates are `date` strings.
 * Column types are always explicit: decorator metadata is not emitted (tsx and tsc agree).
 */
export const IdColumn = (): PropertyDecorator => PrimaryColumn({ type: 'varchar', length: 36 });

/**
 * Where a reference points: the referenced table (its `id`) and what its deletion does. The
 * migration creates the foreign key; the entity names it too, so that the schema check
 * (test/db/entities-match-migrations.test.ts) sees one description of the table.
 */
export interface Reference {
  readonly references?: string;
  readonly onDelete?: OnDeleteType;
}

/** A reference to another row's id, with its foreign key when `references` names the table. */
export const RefColumn = (options: { nullable?: boolean } & Reference = {}): PropertyDecorator =>
  withForeignKey(Column({ type: 'varchar', length: 36, nullable: options.nullable ?? false }), options);

/** A reference to another row's id that is also part of this row's primary key (a link table). */
export const RefKeyColumn = (options: Reference = {}): PropertyDecorator =>
  withForeignKey(PrimaryColumn({ type: 'varchar', length: 36 }), options);

/**
 * The migrations leave ON UPDATE to the server (ids never change), which MariaDB reports as
 * RESTRICT and SQLite and MySQL as NO ACTION, the same rule under two names. TypeORM reads a
 * missing `onUpdate` as NO ACTION and would then see a difference on MariaDB; an empty rule is
 * what it compares as "not said" (and omits from any DDL it writes).
 */
const SERVER_DEFAULT_ON_UPDATE = '' as unknown as OnUpdateType;

function withForeignKey(column: PropertyDecorator, reference: Reference): PropertyDecorator {
  if (reference.references === undefined) return column;
  const foreignKey = ForeignKeyTo(reference.references, reference.onDelete ?? 'NO ACTION');
  return (target, property) => {
    column(target, property);
    foreignKey(target, property);
  };
}

/** The foreign key of a column to `table`'s `column` (its id unless named), as the migration made it. */
export const ForeignKeyTo = (table: string, onDelete: OnDeleteType, column?: string): PropertyDecorator =>
  column === undefined
    ? ForeignKey(table, { onDelete, onUpdate: SERVER_DEFAULT_ON_UPDATE })
    : ForeignKey(table, column, { onDelete, onUpdate: SERVER_DEFAULT_ON_UPDATE });

/** A point in time, stored in UTC with millisecond precision. */
export const InstantColumn = (options: { nullable?: boolean } = {}): PropertyDecorator =>
  Column({ type: 'datetime', precision: 3, nullable: options.nullable ?? false });

/** A calendar date (`YYYY-MM-DD`) with no time of day, such as a birth date or a court decision's date. */
export const CalendarDateColumn = (options: { nullable?: boolean } = {}): PropertyDecorator =>
  Column({ type: 'date', nullable: options.nullable ?? false });

/** A short text from a closed list (a role, a status); checked by the code, not by a database enum. */
export const CodeColumn = (length = 32, options: { nullable?: boolean; default?: string } = {}): PropertyDecorator =>
  Column({ type: 'varchar', length, nullable: options.nullable ?? false, default: options.default });

/** A bounded free text (names, references). */
export const TextColumn = (length: number, options: { nullable?: boolean } = {}): PropertyDecorator =>
  Column({ type: 'varchar', length, nullable: options.nullable ?? false });

/** A new random id for a row. */
export function newId(): string {
  return randomUUID();
}
