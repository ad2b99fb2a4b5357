import { Entity } from 'typeorm';
import { CodeColumn, InstantColumn, RefColumn, RefKeyColumn } from './columns.js';

/**
 * A guardian's answer that came back on a paper reply slip, and who typed it in. The answer
 * itself is also on the guardian's `message_recipient` row, so every count reads one place;
 * this row is what lets the receipts say "answered on paper, recorded by …".
 */
@Entity('paper_answer')
export class PaperAnswer {
  @RefKeyColumn({ references: 'message', onDelete: 'CASCADE' }) messageId: string;
  @RefKeyColumn({ references: 'person', onDelete: 'CASCADE' }) personId: string;
  @CodeColumn(8) answer: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) recordedById: string;
  @InstantColumn() recordedAt: Date;
}
