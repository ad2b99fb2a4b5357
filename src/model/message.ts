import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/**
 * Who a message goes to: one child's guardians, a class's families, the school, a teacher (from a
 * parent), a teacher from a pupil of theirs (`pupilToTeacher`: the pupil's own exchange), or a
 * reply in a thread.
 */
export const MESSAGE_AUDIENCES = ['family', 'class', 'school', 'teacher', 'pupilToTeacher', 'reply'] as const;
export type MessageAudience = (typeof MESSAGE_AUDIENCES)[number];

/** Information, individual feedback, a request (answered yes/no by each guardian) or an invitation (RSVP). */
export const MESSAGE_KINDS = ['information', 'feedback', 'request', 'invitation'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** What a request asks for: material to bring, or an authorisation. */
export const REQUEST_KINDS = ['material', 'authorisation'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/**
 * A message, stored the moment it is accepted; its notifications are planned separately
 * (`notification_job`), so quiet hours delay the notice, never the message.
 */
@Entity('message')
@Index('ix_message_school', ['schoolId', 'createdAt'])
@Index('ix_message_sender', ['senderId', 'createdAt'])
@Index('ix_message_thread', ['threadId', 'createdAt'])
@Index('uq_message_idempotency', ['senderId', 'idempotencyKey'], { unique: true })
export class Message {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'RESTRICT' }) schoolId: string;
  /** The thread's first message (itself for a first message). */
  @RefColumn() threadId: string;
  @RefColumn({ references: 'person', onDelete: 'RESTRICT' }) senderId: string;
  @CodeColumn(16) audience: MessageAudience;
  @RefColumn({ nullable: true }) classId: string | null;
  @RefColumn({ nullable: true }) pupilId: string | null;
  @CodeColumn(16) kind: MessageKind;
  @CodeColumn(16, { nullable: true }) requestKind: RequestKind | null;
  @TextColumn(200, { nullable: true }) subject: string | null;
  @Column({ type: 'text' }) body: string;
  /** Language the sender wrote in (BCP 47), the source of translations. */
  @CodeColumn(16) language: string;
  @Column({ type: 'boolean', default: false }) urgent: boolean;
  @Column({ type: 'boolean', default: false }) copyPupil: boolean;
  /** The client's `Idempotency-Key`: a retried send finds the message instead of adding one. */
  @TextColumn(128, { nullable: true }) idempotencyKey: string | null;
  @CodeColumn(64, { nullable: true }) requestHash: string | null;
  @Column({ type: 'int', default: 0 }) recipientCount: number;
  @InstantColumn() createdAt: Date;
  @InstantColumn({ nullable: true }) recalledAt: Date | null;
}
