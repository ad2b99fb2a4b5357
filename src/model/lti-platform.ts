import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/** How a platform came to be known: the `ECARNET_CONFIG` file, or LTI dynamic registration. */
export type LtiPlatformSource = 'config' | 'dynamic';

/**
 * An LTI 1.3 platform registration (an ENT): one issuer may hold several, told apart by client id.
 * Bound to the e-carnet school its deployments serve by default.
 */
@Entity('lti_platform')
@Index('uq_lti_platform_client', ['issuer', 'clientId'], { unique: true })
@Index('uq_lti_platform_identity_issuer', ['identityIssuer'], { unique: true })
@Index('ix_lti_platform_school', ['schoolId'])
export class LtiPlatform {
  @IdColumn() id: string;
  @TextColumn(191) issuer: string;
  @TextColumn(191) clientId: string;
  /**
   * The issuer under which this registration's users are stored as external identities:
   * `issuer#client_id` (a digest when too long), never the bare issuer, so that no two
   * registrations, and no sign-in connector, vouch for the same accounts. The row is never deleted
   * (a disconnection disables it), so the namespace is never handed to another registration.
   */
  @TextColumn(191) identityIssuer: string;
  @TextColumn(120, { nullable: true }) name: string | null;
  @Column({ type: 'text' }) authLoginUrl: string;
  @Column({ type: 'text' }) authTokenUrl: string;
  @Column({ type: 'text' }) keysetUrl: string;
  /** `aud` of our client assertions when the platform names an authorization server; else the token URL. */
  @Column({ type: 'text', nullable: true }) tokenAudience: string | null;
  /** Default school of the deployments; null until a head of school connects it. */
  @RefColumn({ nullable: true, references: 'school', onDelete: 'SET NULL' }) schoolId: string | null;
  @CodeColumn(16) source: LtiPlatformSource;
  @InstantColumn() createdAt: Date;
  /** When it stopped serving: disconnected by its school, or removed from ECARNET_CONFIG. Its logins are refused. */
  @InstantColumn({ nullable: true }) disabledAt: Date | null;
}
