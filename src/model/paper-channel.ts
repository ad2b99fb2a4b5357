import { Entity } from 'typeorm';
import { InstantColumn, RefKeyColumn } from './columns.js';

/** A guardian who asked for paper: important messages are printed for them without waiting. */
@Entity('paper_channel')
export class PaperChannel {
  @RefKeyColumn({ references: 'person', onDelete: 'CASCADE' }) personId: string;
  @InstantColumn() chosenAt: Date;
}
