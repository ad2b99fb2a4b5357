import { z } from 'zod';
import type { ModuleContext } from '../context.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { readIdRow } from '../db/common-rows.js';
import { queryRows } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import { runInTransaction } from '../db/transaction.js';
import { inForce } from '../directory/in-force.js';
import { AppError, notFound } from '../http/errors.js';
import { newId } from '../model/columns.js';
import { DATA_REQUEST_KINDS, DataRequest } from '../model/data-request.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';

/** A request the head of school records as the family made it. */
export const dataRequestInput = z.strictObject({
  requesterId: z.uuid(),
  subjectId: z.uuid(),
  kind: z.enum(DATA_REQUEST_KINDS),
  details: z.string().trim().min(1).max(1000),
});

/** The head of school's answer: carried out, or refused with the reason told to the family. */
export const dataRequestAnswerInput = z.strictObject({
  status: z.enum(['done', 'refused']),
  answer: z.string().trim().min(1).max(1000),
});

/** A request as the head of school follows it. */
export interface DataRequestView {
  readonly id: string;
  readonly requesterId: string;
  readonly subjectId: string;
  readonly kind: string;
  readonly details: string;
  readonly status: string;
  readonly receivedAt: Date;
  readonly dueAt: Date;
  /** Still open after its deadline. */
  readonly overdue: boolean;
  readonly answeredAt: Date | null;
  readonly answer: string | null;
}

/** One calendar month later (RGPD article 12: an answer within a month of the request). */
export function oneMonthAfter(instant: Date): Date {
  const due = new Date(instant.getTime());
  const day = due.getUTCDate();
  due.setUTCMonth(due.getUTCMonth() + 1);
  // 31 January + one month is the last day of February, not 3 March.
  if (due.getUTCDate() < day) due.setUTCDate(0);
  return due;
}

/**
 * The head of school records a rectification or erasure request: asked by a guardian of the
 * child (or the person themself), due one month later. Erasing a child's data while another
 * guardian still follows the child is refused (`DATA_ERASURE_CHILD_STILL_FOLLOWED`): what one
 * parent asks cannot take it from the other. Recorded with its audit record, or not at all.
 */
export async function recordDataRequest(
  deps: Pick<ModuleContext, 'dataSource' | 'clock'>,
  actor: Actor,
  schoolId: string,
  input: z.infer<typeof dataRequestInput>,
): Promise<DataRequestView> {
  if (!can(actor, 'record', { kind: 'dataRequest', schoolId })) throw notFound();
  const now = deps.clock.now();
  const at = sqlInstant(now);
  return runInTransaction(deps.dataSource, async (manager) => {
    const themself = input.requesterId === input.subjectId;
    const known = themself
      ? await queryRows(manager, readIdRow, `SELECT personId AS id FROM school_membership WHERE schoolId = ? AND personId = ?
          UNION ALL SELECT guardianId AS id FROM guardianship WHERE schoolId = ? AND guardianId = ?`, [schoolId, input.requesterId, schoolId, input.requesterId])
      : await queryRows(manager, readIdRow, `SELECT g.id AS id FROM guardianship g
          WHERE g.schoolId = ? AND g.guardianId = ? AND g.childId = ? AND g.approval = 'approved' AND g.status <> 'noAccess'
            AND ${inForce('g', 'effectiveFrom', 'effectiveTo')}`, [schoolId, input.requesterId, input.subjectId, at, at]);
    if (known.length === 0) throw new AppError('DATA_REQUEST_PERSON_UNKNOWN');
    if (input.kind === 'erasure' && !themself) {
      const others = await queryRows(manager, readIdRow, `SELECT g.id AS id FROM guardianship g
          WHERE g.schoolId = ? AND g.childId = ? AND g.guardianId <> ? AND g.approval = 'approved' AND g.status <> 'noAccess'
            AND ${inForce('g', 'effectiveFrom', 'effectiveTo')}`, [schoolId, input.subjectId, input.requesterId, at, at]);
      if (others.length > 0) throw new AppError('DATA_ERASURE_CHILD_STILL_FOLLOWED');
    }
    const request = manager.create(DataRequest, {
      id: newId(),
      schoolId,
      requesterId: input.requesterId,
      subjectId: input.subjectId,
      kind: input.kind,
      details: input.details,
      status: 'open',
      receivedAt: now,
      dueAt: oneMonthAfter(now),
      recordedById: actor.personId,
      answeredAt: null,
      answeredById: null,
      answer: null,
    });
    await manager.insert(DataRequest, request);
    await recordAuditEvent(manager, {
      schoolId,
      actorId: actor.personId,
      action: 'dataRequest.recorded',
      subjectKind: 'dataRequest',
      subjectId: request.id,
      detail: { kind: input.kind, requesterId: input.requesterId, subjectId: input.subjectId, dueAt: request.dueAt },
      at: now,
    });
    return present(request, now);
  });
}

/** The head of school answers an open request, once: a second answer is `DATA_REQUEST_ALREADY_ANSWERED`. */
export async function answerDataRequest(
  deps: Pick<ModuleContext, 'dataSource' | 'clock'>,
  actor: Actor,
  requestId: string,
  input: z.infer<typeof dataRequestAnswerInput>,
): Promise<DataRequestView> {
  const now = deps.clock.now();
  return runInTransaction(deps.dataSource, async (manager) => {
    const request = await manager.findOneBy(DataRequest, { id: requestId });
    if (!request || !can(actor, 'answer', { kind: 'dataRequest', schoolId: request.schoolId })) throw notFound();
    // Only over an open request: of two answers at once, one is kept.
    const written = await manager.update(DataRequest, { id: requestId, status: 'open' }, { status: input.status, answer: input.answer, answeredAt: now, answeredById: actor.personId });
    if ((written.affected ?? 0) === 0) throw new AppError('DATA_REQUEST_ALREADY_ANSWERED');
    await recordAuditEvent(manager, {
      schoolId: request.schoolId,
      actorId: actor.personId,
      action: 'dataRequest.answered',
      subjectKind: 'dataRequest',
      subjectId: request.id,
      detail: { kind: request.kind, status: input.status },
      at: now,
    });
    return present({ ...request, status: input.status, answer: input.answer, answeredAt: now, answeredById: actor.personId }, now);
  });
}

/** The school's requests, open ones first by deadline, each marked when overdue. */
export async function listDataRequests(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor, schoolId: string): Promise<DataRequestView[]> {
  if (!can(actor, 'view', { kind: 'dataRequest', schoolId })) throw notFound();
  const now = deps.clock.now();
  const requests = await deps.dataSource.getRepository(DataRequest).find({ where: { schoolId }, order: { dueAt: 'ASC', id: 'ASC' } });
  return requests.map((request) => present(request, now)).sort((a, b) => Number(a.status !== 'open') - Number(b.status !== 'open'));
}

function present(request: DataRequest, now: Date): DataRequestView {
  return {
    id: request.id,
    requesterId: request.requesterId,
    subjectId: request.subjectId,
    kind: request.kind,
    details: request.details,
    status: request.status,
    receivedAt: request.receivedAt,
    dueAt: request.dueAt,
    overdue: request.status === 'open' && request.dueAt.getTime() < now.getTime(),
    answeredAt: request.answeredAt,
    answer: request.answer,
  };
}
