import type { EntityManager } from 'typeorm';
import { AuditEvent } from '../model/audit-event.js';
import { newId } from '../model/columns.js';

/** What happened, to record in the audit log. `detail` must never hold a secret. */
interface AuditFacts {
  readonly schoolId: string | null;
  readonly actorId: string | null;
  readonly action: string;
  readonly subjectKind: string;
  readonly subjectId: string | null;
  readonly detail?: Record<string, unknown>;
  readonly at: Date;
}

/**
 * Appends to the audit log inside the caller's transaction, so a change and its record are
 * saved together or not at all.
 */
export async function recordAuditEvent(manager: EntityManager, facts: AuditFacts): Promise<void> {
  await manager.insert(AuditEvent, {
    id: newId(),
    schoolId: facts.schoolId,
    actorId: facts.actorId,
    action: facts.action,
    subjectKind: facts.subjectKind,
    subjectId: facts.subjectId,
    detailJson: JSON.stringify(facts.detail ?? {}),
    at: facts.at,
  });
}
