import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from './columns.js';

/**
 * A key pair e-carnet signs with (deep-link responses, client assertions). The private key is
 * stored sealed with a key derived from the master secret. A key is published in `/lti/jwks`
 * until it retires, signs from `signingFrom`, and the newest signing key is used.
 */
@Entity('lti_tool_key')
@Index('ix_lti_tool_key_signing', ['signingFrom'])
export class LtiToolKey {
  @PrimaryColumn({ type: 'varchar', length: 64 }) kid: string;
  @Column({ type: 'text' }) publicJwkJson: string;
  @Column({ type: 'text' }) privateKeySealed: string;
  @InstantColumn() createdAt: Date;
  @InstantColumn() signingFrom: Date;
  @InstantColumn({ nullable: true }) retiresAt: Date | null;
}
