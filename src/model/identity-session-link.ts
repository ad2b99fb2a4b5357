import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CodeColumn, ForeignKeyTo, InstantColumn, TextColumn } from './columns.js';
import type { SignInProtocol } from './identity-pending-request.js';

/**
 * What a session needs to end the identity provider's session too (single logout), and what an
 * identity provider's logout request names to find the session: SAML NameID and SessionIndex,
 * the OIDC ID token (for `id_token_hint`), the CAS service ticket. Deleted with its session.
 */
@Entity('identity_session_link')
@Index('ix_identity_session_link_name_id', ['connectorId', 'nameId'])
@Index('ix_identity_session_link_ticket', ['connectorId', 'casTicket'])
export class IdentitySessionLink {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  @ForeignKeyTo('http_session', 'CASCADE', 'tokenHash')
  sessionTokenHash: string;
  @CodeColumn(64) connectorId: string;
  @CodeColumn(8) protocol: SignInProtocol;
  @TextColumn(191) issuer: string;
  @TextColumn(191) subject: string;
  @TextColumn(191, { nullable: true }) nameId: string | null;
  @TextColumn(191, { nullable: true }) nameIdFormat: string | null;
  @TextColumn(191, { nullable: true }) sessionIndex: string | null;
  @Column({ type: 'text', nullable: true }) idToken: string | null;
  @TextColumn(191, { nullable: true }) casTicket: string | null;
  @InstantColumn() createdAt: Date;
}
