import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { ModuleContext } from '../context.js';
import { sqlInstant } from '../db/sql-values.js';
import { runInTransaction } from '../db/transaction.js';
import { notFound } from '../http/errors.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { loadSurvey } from './load-survey.js';

/**
 * Closes a survey before its last day (director), audited. Its paper codes still unused are
 * erased: nothing more can be typed in.
 */
export async function closeSurvey(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor, surveyId: string): Promise<void> {
  const survey = await loadSurvey(deps.dataSource, surveyId);
  if (!can(actor, 'close', { kind: 'survey', schoolId: survey.schoolId, classId: null })) throw notFound();
  if (survey.closedAt !== null) return;
  const now = deps.clock.now();
  await runInTransaction(deps.dataSource, async (manager) => {
    await manager.query('UPDATE survey SET closedAt = ? WHERE id = ? AND closedAt IS NULL', [sqlInstant(now), surveyId]);
    await manager.query('UPDATE survey_ballot SET codeHash = NULL WHERE surveyId = ?', [surveyId]);
    await recordAuditEvent(manager, { schoolId: survey.schoolId, actorId: actor.personId, action: 'survey.closed', subjectKind: 'survey', subjectId: surveyId, at: now });
  });
}
