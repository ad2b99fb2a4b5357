import type { ModuleContext } from '../context.js';
import { notFound } from '../http/errors.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { listAuditEvents } from './list-audit-events.js';

/**
 * Reading a school's audit log, the same through its page and the API: the latest records,
 * newest first, for whom the policy lets read it (the director). Anyone else gets NOT_FOUND.
 */
export async function readAuditLog(deps: Pick<ModuleContext, 'dataSource'>, actor: Actor, schoolId: string): ReturnType<typeof listAuditEvents> {
  if (!can(actor, 'view', { kind: 'auditLog', schoolId })) throw notFound();
  return listAuditEvents(deps.dataSource, schoolId);
}
