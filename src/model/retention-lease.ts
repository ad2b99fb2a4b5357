import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from './columns.js';

/**
 * Which instance runs a periodic job now: taken with a conditional UPDATE, renewed while it
 * works, and free again when it ends or when its holder died and the lease ran out.
 */
@Entity('retention_lease')
export class RetentionLease {
  @PrimaryColumn({ type: 'varchar', length: 32 }) name: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) holder: string | null;
  @InstantColumn() expiresAt: Date;
}
