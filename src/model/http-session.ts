import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CodeColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/**
 * A browser session kept in the database, so any instance can serve any request. The cookie
 * holds a random token; only its SHA-256 is stored, so a copy of the table opens no session.
 */
@Entity('http_session')
@Index('ix_http_session_expires', ['expiresAt'])
@Index('ix_http_session_person', ['personId'])
export class HttpSession {
  @PrimaryColumn({ type: 'varchar', length: 64 }) tokenHash: string;
  /** Null for a visitor who has not signed in (the session then only carries a CSRF token). */
  @RefColumn({ nullable: true, references: 'person', onDelete: 'CASCADE' }) personId: string | null;
  @Column({ type: 'varchar', length: 64 }) csrfToken: string;
  /** Interface language chosen in this session, if any. */
  @CodeColumn(16, { nullable: true }) language: string | null;
  /** How the person signed in: demo, oidc:<connector>, saml:<connector>, lti… */
  @CodeColumn(80, { nullable: true }) signInMethod: string | null;
  /** Set when a configured operator signed in: which entry of the configuration named them. */
  @TextColumn(191, { nullable: true }) operatorKey: string | null;
  @InstantColumn() createdAt: Date;
  @InstantColumn() lastSeenAt: Date;
  @InstantColumn() expiresAt: Date;
}
