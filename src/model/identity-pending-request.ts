import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CodeColumn, InstantColumn, TextColumn } from './columns.js';

/** Which protocol a sign-in in progress speaks. */
export type SignInProtocol = 'saml' | 'oidc' | 'cas';

/** What a pending request waits for: a sign-in's answer, or the IdP's answer to a SAML LogoutRequest e-carnet sent. */
export type PendingRequestProtocol = SignInProtocol | 'saml-slo';

/**
 * A sign-in in progress: what e-carnet sent to an identity provider and must find again when the
 * answer comes back (SAML `InResponseTo`, OIDC `state` with its nonce and PKCE verifier, a CAS
 * request, a SAML LogoutRequest). Kept in the database so the answer may reach any instance; used
 * once, then deleted.
 */
@Entity('identity_pending_request')
@Index('ix_identity_pending_request_expires', ['expiresAt'])
export class IdentityPendingRequest {
  /** The SAML AuthnRequest or LogoutRequest ID, the OIDC `state`, or the CAS request reference: random, never guessable. */
  @PrimaryColumn({ type: 'varchar', length: 64 }) id: string;
  @CodeColumn(64) connectorId: string;
  @CodeColumn(8) protocol: PendingRequestProtocol;
  /**
   * SHA-256 of a secret only the browser that started the sign-in holds: its session token (OIDC,
   * CAS) or its SAML binding cookie. An answer delivered to another browser is refused.
   */
  @Column({ type: 'varchar', length: 64, nullable: true }) browserBindingHash: string | null;
  @TextColumn(128, { nullable: true }) nonce: string | null;
  @TextColumn(128, { nullable: true }) codeVerifier: string | null;
  /**
   * A SAML response already checked, waiting for its browser to come back same-site (plain-http
   * deployments, where the binding cookie cannot travel with the IdP's cross-site POST).
   */
  @Column({ type: 'text', nullable: true }) pendingResponse: string | null;
  /** Where to go once signed in (already checked by `safeReturnPath`). */
  @TextColumn(512) returnPath: string;
  @InstantColumn() createdAt: Date;
  @InstantColumn() expiresAt: Date;
}
