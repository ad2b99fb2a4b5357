import type { EntityManager } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
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

const INSERT_SQL = 'INSERT INTO audit_event (id, schoolId, actorId, action, subjectKind, subjectId, detailJson, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

/**
 * Appends to the audit log inside the caller's transaction, so a change and its record are
 * saved together or not at all.
 */
export async function recordAuditEvent(manager: EntityManager, facts: AuditFacts): Promise<void> {
  // Hand-written: every sign-in and most changes record one, and a query builder rebuilds its SQL each time.
  await manager.query(INSERT_SQL, [
    newId(),
    facts.schoolId,
    facts.actorId,
    facts.action,
    facts.subjectKind,
    facts.subjectId,
    JSON.stringify(facts.detail ?? {}),
    sqlInstant(facts.at),
  ]);
}
