import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn, TextColumn } from './columns.js';

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

  /** Demo schools may be entered through demo sign-in; real schools never. */
  @Column({ type: 'boolean', default: false }) isDemo: boolean;

  @InstantColumn() createdAt: Date;
}
