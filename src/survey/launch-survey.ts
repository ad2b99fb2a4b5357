import type { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { ModuleContext } from '../context.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError, notFound } from '../http/errors.js';
import { newId } from '../model/columns.js';
import { Survey } from '../model/survey.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { localDate } from '../school-year/local-time.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import type { launchSurveyInput } from './survey-inputs.js';
import { SURVEY_QUESTION_CODES } from './survey-template.js';

/**
 * Launches a survey of the school's families (director), audited. The last day may not be before
 * today in the school's time zone; the questions are kept in the template's order.
 */
export async function launchSurvey(
  deps: Pick<ModuleContext, 'dataSource' | 'clock'>,
  actor: Actor,
  schoolId: string,
  input: z.infer<typeof launchSurveyInput>,
): Promise<string> {
  if (!can(actor, 'launch', { kind: 'survey', schoolId, classId: null })) throw notFound();
  const now = deps.clock.now();
  const schools = await queryRows(deps.dataSource, rowReader({ timezone: column.text }), 'SELECT timezone FROM school WHERE id = ?', [schoolId]);
  if (!schools[0]) throw notFound();
  if (input.closesOn < localDate(now, schools[0].timezone)) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'closesOn', problem: 'inThePast' }] });
  }
  const survey = Object.assign(new Survey(), {
    id: newId(),
    schoolId,
    title: input.title,
    questionsJson: JSON.stringify(SURVEY_QUESTION_CODES.filter((code) => input.questions.includes(code))),
    closesOn: input.closesOn,
    closedAt: null,
    createdBy: actor.personId,
    createdAt: now,
  });
  await runInTransaction(deps.dataSource, async (manager) => {
    await manager.getRepository(Survey).insert(survey);
    await recordAuditEvent(manager, {
      schoolId,
      actorId: actor.personId,
      action: 'survey.launched',
      subjectKind: 'survey',
      subjectId: survey.id,
      detail: { title: input.title, questions: JSON.parse(survey.questionsJson) as unknown, closesOn: input.closesOn },
      at: now,
    });
  });
  return survey.id;
}
