import { randomUUID } from 'node:crypto';
import { Column, PrimaryColumn } from 'typeorm';

/**
 * Column shapes shared by every entity, so that both engines store them the same way:
 * ids are UUID strings, instants are UTC `datetime(3)`, calendar dates are `date` strings.
 * Column types are always explicit: decorator metadata is not emitted (tsx and tsc agree).
 */
export const IdColumn = (): PropertyDecorator => PrimaryColumn({ type: 'varchar', length: 36 });

/** A reference to another row's id (the foreign key itself is declared in the migration). */
export const RefColumn = (options: { nullable?: boolean } = {}): PropertyDecorator =>
  Column({ type: 'varchar', length: 36, nullable: options.nullable ?? false });

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
