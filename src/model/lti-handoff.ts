import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/**
 * A checked launch waiting to be continued in a new window, because the ENT iframe cannot keep a
 * session (cookies blocked). The one-time code has two halves, both stored hashed: one travels in
 * the new window's URL, the other only from the frame to the window it opened (postMessage).
 */
@Entity('lti_handoff')
@Index('uq_lti_handoff', ['codeHash'], { unique: true })
@Index('ix_lti_handoff_expires', ['expiresAt'])
export class LtiHandoff {
  @IdColumn() id: string;
  @TextColumn(64) codeHash: string;
  @TextColumn(64) secretHash: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) personId: string;
  @CodeColumn(80) signInMethod: string;
  @Column({ type: 'text' }) targetPath: string;
  @InstantColumn() createdAt: Date;
  @InstantColumn() expiresAt: Date;
  @InstantColumn({ nullable: true }) usedAt: Date | null;
}
