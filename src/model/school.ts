import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, TextColumn } from './columns.js';

/** The three kinds of établissement e-carnet serves. */
export const SCHOOL_KINDS = ['ecole', 'college', 'lycee'] as const;
export type SchoolKind = (typeof SCHOOL_KINDS)[number];

/** An établissement (école, collège, lycée), the tenant every other row belongs to. */
@Entity('school')
export class School {
  @IdColumn() id: string;

  /** National identifier: 7 digits and a key letter, e.g. 0750654D. */
  @Index('uq_school_uai', { unique: true })
  @TextColumn(8)
  uai: string;

  @TextColumn(200) name: string;

  /** IANA time zone for quiet hours and publication slots (overseas schools differ). */
  @Column({ type: 'varchar', length: 64, default: 'Europe/Paris' })
  timezone: string;

  /** JSON read through `schoolSettingsSchema`; see `readSchoolSettings`. */
  @Column({ type: 'text' }) settingsJson: string;

  /** école, collège or lycée (see `SCHOOL_KINDS`); null for schools created before it was asked. */
  @CodeColumn(16, { nullable: true }) kind: SchoolKind | null;

  /** The cycles taught, comma-separated (`1,2,3` for an école); empty when not said. */
  @CodeColumn(16, { default: '' }) cycles: string;

  /** Set by an operator: the school's data is kept, but none of its members may sign in. */
  @InstantColumn({ nullable: true }) deactivatedAt: Date | null;

  /** Demo schools may be entered through demo sign-in; real schools never. */
  @Column({ type: 'boolean', default: false }) isDemo: boolean;

  @InstantColumn() createdAt: Date;
}
