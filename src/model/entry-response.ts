import { Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/** Quick reactions a family can leave on an entry. */
export const REACTIONS = ['heart', 'bravo', 'smile', 'wow', 'thanks'] as const;
export type Reaction = (typeof REACTIONS)[number];

/** A comment waits for the teacher when the school asks for it; reactions never do. */
export const RESPONSE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

/**
 * A family's comment or reaction on an entry. Seen by its author and the class's teachers only:
 * one family's words never reach another family.
 */
@Entity('entry_response')
@Index('ix_entry_response_entry', ['entryId', 'createdAt'])
export class EntryResponse {
  @IdColumn() id: string;
  @RefColumn({ references: 'portfolio_entry', onDelete: 'CASCADE' }) entryId: string;
  @RefColumn() schoolId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) authorId: string;
  /** The child through whom the author follows the entry. */
  @RefColumn() pupilId: string;
  @CodeColumn(16, { nullable: true }) reaction: Reaction | null;
  @TextColumn(1000, { nullable: true }) body: string | null;
  @CodeColumn(16) status: ResponseStatus;
  @InstantColumn() createdAt: Date;
}
