import { Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';

/**
 * A deployment of e-carnet in a platform (`deployment_id`): launches naming any other deployment
 * are refused. Its school, when set, overrides the platform's default school.
 */
@Entity('lti_deployment')
@Index('uq_lti_deployment', ['platformId', 'deploymentId'], { unique: true })
@Index('uq_lti_deployment_pairing', ['pairingCodeHash'], { unique: true })
export class LtiDeployment {
  @IdColumn() id: string;
  @RefColumn({ references: 'lti_platform', onDelete: 'CASCADE' }) platformId: string;
  @TextColumn(191) deploymentId: string;
  @RefColumn({ nullable: true, references: 'school', onDelete: 'SET NULL' }) schoolId: string | null;
  /** SHA-256 of the code a head of school types to connect this deployment to their school. */
  @TextColumn(64, { nullable: true }) pairingCodeHash: string | null;
  @InstantColumn({ nullable: true }) pairingExpiresAt: Date | null;
  @InstantColumn() createdAt: Date;
  /** When it was removed from ECARNET_CONFIG: refused, its school kept for the record. */
  @InstantColumn({ nullable: true }) disabledAt: Date | null;
}
