import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn } from './columns.js';

/**
 * The code printed on one guardian's paper copy of a message. Like a child's QR code, only the
 * SHA-256 of its token is kept; unlike it, it opens one message for one guardian, once: the scan
 * exchanges it for a short session (`sessionHash`), and a second scan of the same paper fails.
 */
@Entity('paper_code')
@Index('ux_paper_code_token', ['tokenHash'], { unique: true })
@Index('ux_paper_code_session', ['sessionHash'], { unique: true })
@Index('ix_paper_code_message', ['messageId', 'personId'])
export class PaperCode {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @RefColumn({ references: 'message', onDelete: 'CASCADE' }) messageId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) personId: string;
  @Column({ type: 'varchar', length: 64 }) tokenHash: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) sessionHash: string | null;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) createdById: string;
  @InstantColumn() createdAt: Date;
  @InstantColumn() expiresAt: Date;
  @InstantColumn({ nullable: true }) usedAt: Date | null;
  @InstantColumn({ nullable: true }) sessionExpiresAt: Date | null;
  @InstantColumn({ nullable: true }) revokedAt: Date | null;
}
