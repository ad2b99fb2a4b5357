import { Entity, Index } from 'typeorm';
import { CodeColumn, InstantColumn, RefKeyColumn } from './columns.js';

/**
 * Which connector a class came from, when an identity source created it (an ENT's class id, an
 * LTI context): its `externalRef` is that source's id, so only that source may read the class
 * from its directory. Classes created by hand or by a roster import have no row here.
 */
@Entity('identity_class_source')
@Index('ix_identity_class_source_connector', ['connectorId'])
export class IdentityClassSource {
  @RefKeyColumn({ references: 'school_class', onDelete: 'CASCADE' }) classId: string;
  /** The configured connector id (`edifice`, `ent-cas`, `lti:<platform>`). */
  @CodeColumn(64) connectorId: string;
  @InstantColumn() createdAt: Date;
}
