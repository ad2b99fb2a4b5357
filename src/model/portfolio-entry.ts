import { Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/** Who an entry is about: one or several children, or the whole class (a class moment). */
export const ENTRY_AUDIENCES = ['children', 'class'] as const;
export type EntryAudience = (typeof ENTRY_AUDIENCES)[number];

/** Kinds of class moments, so families can find the outing or the show again. */
export const MOMENT_KINDS = ['project', 'outing', 'ritual', 'celebration', 'show', 'other'] as const;
export type MomentKind = (typeof MOMENT_KINDS)[number];

/**
 * Life of an entry: a pupil's contribution waits for the teacher (`pendingApproval`), a draft is
 * seen by the teachers only, a scheduled entry goes out at `publishAt` (a publication slot), a
 * withdrawn one is hidden again from families.
 */
export const ENTRY_STATES = ['pendingApproval', 'draft', 'scheduled', 'published', 'withdrawn'] as const;
export type EntryState = (typeof ENTRY_STATES)[number];

/** One piece of a child's portfolio: media, the teacher's comment, the skills it gives evidence of. */
@Entity('portfolio_entry')
@Index('ix_portfolio_entry_class', ['classId', 'createdAt'])
@Index('ix_portfolio_entry_due', ['state', 'publishAt'])
export class PortfolioEntry {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @RefColumn({ references: 'school_class', onDelete: 'CASCADE' }) classId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) authorId: string;
  @CodeColumn(16) audience: EntryAudience;
  @CodeColumn(16, { nullable: true }) momentKind: MomentKind | null;
  @TextColumn(200) title: string;
  @TextColumn(4000) comment: string;
  @CodeColumn(16) state: EntryState;
  /** When the entry goes out to the children (the publication slot or "now"). */
  @InstantColumn({ nullable: true }) publishAt: Date | null;
  /** When families see it: `publishAt`, later for an evaluation (the child sees it first). */
  @InstantColumn({ nullable: true }) familiesSeeAt: Date | null;
  @RefColumn({ nullable: true }) approvedById: string | null;
  @InstantColumn() createdAt: Date;
  @InstantColumn() updatedAt: Date;
}
