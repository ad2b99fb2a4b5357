import type { DataSource } from 'typeorm';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { newId } from '../model/columns.js';
import { ImageConsent } from '../model/image-consent.js';
import type { ImageConsentPurpose, ImageConsentScope } from '../model/roles.js';
import { runInTransaction } from '../db/transaction.js';

/** A consent decision for a child, given online by a guardian or copied from a paper form. */
interface ConsentDecision {
  readonly schoolId: string;
  readonly childId: string;
  readonly scope: ImageConsentScope;
  /** The use decided; null for every use at once (a paper form covering all of them). */
  readonly purpose: ImageConsentPurpose | null;
  readonly validFrom?: Date;
  readonly validTo: Date | null;
  /** Set when a guardian gives it themself. */
  readonly givenById: string | null;
  readonly recordedById: string;
  readonly evidence: string | null;
}

/**
 * Records a consent decision with its audit record. It applies from the moment it is saved (the
 * next request reads it); how it combines with the other guardian's is `resolveImageConsent`.
 */
export async function recordImageConsent(dataSource: DataSource, decision: ConsentDecision, now: Date): Promise<ImageConsent> {
  return runInTransaction(dataSource, async (manager) => {
    const consent = manager.create(ImageConsent, {
      id: newId(),
      schoolId: decision.schoolId,
      childId: decision.childId,
      scope: decision.scope,
      purpose: decision.purpose,
      validFrom: decision.validFrom ?? now,
      validTo: decision.validTo,
      givenById: decision.givenById,
      recordedById: decision.recordedById,
      evidence: decision.evidence,
      createdAt: now,
    });
    await manager.insert(ImageConsent, consent);
    await recordAuditEvent(manager, {
      schoolId: decision.schoolId,
      actorId: decision.recordedById,
      action: 'imageConsent.recorded',
      subjectKind: 'imageConsent',
      subjectId: consent.id,
      detail: { childId: decision.childId, scope: decision.scope, purpose: decision.purpose, givenById: decision.givenById },
      at: now,
    });
    return consent;
  });
}
