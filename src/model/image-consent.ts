import { Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, InstantColumn, RefColumn, TextColumn } from './columns.js';
import type { ImageConsentPurpose, ImageConsentScope } from './roles.js';

/**
 * A decision on the droit à l'image of a child for a period: who may see photos in which the
 * child appears, for one purpose or (no purpose) for all. A decision is either one guardian's
 * own, given online (`givenById`), or a paper form both signed, copied by staff. Without a row in
 * force, the scope is `none`; how rows combine is `resolveImageConsent` (src/consent/).
 */
@Entity('image_consent')
@Index('ix_image_consent_child', ['childId', 'validFrom'])
export class ImageConsent {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) childId: string;
  @CodeColumn(16) scope: ImageConsentScope;
  /** The use it decides; null for a decision on every use (paper forms copied before purposes existed). */
  @CodeColumn(24, { nullable: true }) purpose: ImageConsentPurpose | null;
  @InstantColumn() validFrom: Date;
  @InstantColumn({ nullable: true }) validTo: Date | null;
  /** The guardian who gave it online, when given online. */
  @RefColumn({ nullable: true }) givenById: string | null;
  /** Who recorded it (the guardian, or staff copying a paper form). */
  @RefColumn() recordedById: string;
  /** e.g. "paper form signed 2026-09-04". */
  @TextColumn(200, { nullable: true }) evidence: string | null;
  @InstantColumn() createdAt: Date;
}
