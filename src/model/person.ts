import { Entity } from 'typeorm';
import { CalendarDateColumn, CodeColumn, IdColumn, InstantColumn, TextColumn } from './columns.js';

/**
 * Anyone e-carnet knows: pupil, guardian, teacher, director, staff. What they may do comes from
 * their school memberships, teaching assignments and guardianships, never from this row.
 */
@Entity('person')
export class Person {
  @IdColumn() id: string;
  @TextColumn(100) givenName: string;
  @TextColumn(100) familyName: string;
  /** BCP 47 code of the language the person reads best (interface and translations). */
  @CodeColumn(16, { default: 'fr' }) preferredLanguage: string;
  /** Optional: families without e-mail are first-class users. */
  @TextColumn(254, { nullable: true }) email: string | null;
  @TextColumn(32, { nullable: true }) phone: string | null;
  @CalendarDateColumn({ nullable: true }) birthDate: string | null;
  @InstantColumn() createdAt: Date;
}
