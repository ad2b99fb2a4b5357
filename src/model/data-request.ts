import { Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/** What a person asks of the school about data it holds (RGPD articles 16 and 17). */
export const DATA_REQUEST_KINDS = ['rectification', 'erasure'] as const;
export type DataRequestKind = (typeof DATA_REQUEST_KINDS)[number];

/** Where a request stands: waiting for the head of school, carried out, or refused with a reason. */
export const DATA_REQUEST_STATUSES = ['open', 'done', 'refused'] as const;
export type DataRequestStatus = (typeof DATA_REQUEST_STATUSES)[number];

/**
 * A rectification or erasure request a family made to the school, recorded by the head of school
 * with its deadline (one month, RGPD article 12) and, once answered, what was done and by whom.
 */
@Entity('data_request')
@Index('ix_data_request_school', ['schoolId', 'status', 'dueAt'])
export class DataRequest {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  /** Who asked: a guardian, or a pupil of age. */
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) requesterId: string;
  /** Whose data: the requester themself, or a child they follow. */
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) subjectId: string;
  @CodeColumn(16) kind: DataRequestKind;
  /** What the family asks, in their words. */
  @TextColumn(1000) details: string;
  @CodeColumn(16) status: DataRequestStatus;
  @InstantColumn() receivedAt: Date;
  /** One month after it was received. */
  @InstantColumn() dueAt: Date;
  @RefColumn() recordedById: string;
  @InstantColumn({ nullable: true }) answeredAt: Date | null;
  @RefColumn({ nullable: true }) answeredById: string | null;
  /** What was done, or why it was refused, as told to the family. */
  @TextColumn(1000, { nullable: true }) answer: string | null;
}
