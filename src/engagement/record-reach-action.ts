import { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { ModuleContext } from '../context.js';
import { runInTransaction } from '../db/transaction.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import { notFound } from '../http/errors.js';
import { parseInput } from '../http/parse-input.js';
import { newId } from '../model/columns.js';
import { REACH_ACTIONS, ReachActionRecord } from '../model/reach-action.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';

/** An action taken to reach a guardian: which, for which class, and an optional short note. */
export const reachActionInput = z.strictObject({
  classId: z.uuid(),
  action: z.enum(REACH_ACTIONS),
  note: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((note) => (note === '' ? undefined : note)),
});
export type ReachActionInput = z.infer<typeof reachActionInput>;

const readFound = rowReader({ n: column.count });

/**
 * Records what the team did to reach a guardian of a child of the class, with its audit record,
 * in one transaction. Only those who may see the class's families may; a guardian who is not a
 * current guardian of a child of that class is NOT_FOUND, like a class the actor may not see.
 */
export async function recordReachAction(
  deps: Pick<ModuleContext, 'dataSource' | 'clock'>,
  actor: Actor,
  schoolId: string,
  guardianId: string,
  raw: unknown,
): Promise<{ id: string }> {
  const input = parseInput(reachActionInput, raw);
  const now = deps.clock.now();
  if (!can(actor, 'listFamilies', { kind: 'engagement', schoolId, classId: input.classId })) throw notFound();
  const at = sqlInstant(now);
  const [found] = await queryRows(
    deps.dataSource,
    readFound,
    `SELECT COUNT(*) AS n FROM enrolment e
       JOIN school_class c ON c.id = e.classId
       JOIN guardianship g ON g.childId = e.pupilId AND g.schoolId = e.schoolId
      WHERE e.schoolId = ? AND e.classId = ? AND g.guardianId = ? AND e.startedAt <= ? AND (e.endedAt IS NULL OR e.endedAt > ?)
        AND g.status <> 'noAccess' AND g.approval = 'approved' AND g.effectiveFrom <= ? AND (g.effectiveTo IS NULL OR g.effectiveTo > ?)`,
    [schoolId, input.classId, guardianId, at, at, at, at],
  );
  if (!found || found.n === 0) throw notFound();
  const id = newId();
  await runInTransaction(deps.dataSource, async (manager) => {
    await manager.insert(ReachActionRecord, {
      id,
      schoolId,
      guardianId,
      classId: input.classId,
      action: input.action,
      note: input.note ?? null,
      recordedById: actor.personId,
      at: now,
    });
    await recordAuditEvent(manager, {
      schoolId,
      actorId: actor.personId,
      action: 'engagement.reachActionRecorded',
      subjectKind: 'person',
      subjectId: guardianId,
      detail: { action: input.action, classId: input.classId },
      at: now,
    });
  });
  return { id };
}
