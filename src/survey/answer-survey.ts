import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { ModuleContext } from '../context.js';
import { engineOf } from '../db/data-source.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { runInTransaction } from '../db/transaction.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { AppError, notFound } from '../http/errors.js';
import { newId } from '../model/columns.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { loadSurvey, surveyIsOpen, type SurveyFacts } from './load-survey.js';
import { checkAnswers, lockSurvey, storeAnswer } from './survey-answers.js';
import { familyOfGuardian, schoolFamilies } from './survey-families.js';

type Deps = Pick<ModuleContext, 'dataSource' | 'clock'>;

/** The hash under which a paper form's code is kept until it is used. */
export function paperCodeHash(code: string): string {
  return createHash('sha256').update(code.replace(/[^0-9A-Za-z]/g, '').toUpperCase()).digest('hex');
}

async function openSurvey(deps: Deps, actor: Actor, surveyId: string, action: 'answer' | 'enterPaper'): Promise<SurveyFacts> {
  const survey = await loadSurvey(deps.dataSource, surveyId);
  if (!can(actor, action, { kind: 'survey', schoolId: survey.schoolId, classId: null })) throw notFound();
  if (!surveyIsOpen(survey, deps.clock.now())) throw new AppError('SURVEY_CLOSED');
  return survey;
}

/**
 * Marks the family's ballot used, or refuses a second answer. The ballot keeps no time and no
 * reference to the answer; a paper code the family held is erased with it.
 */
async function takeBallot(manager: EntityManager, surveyId: string, familyKey: string): Promise<void> {
  const lock = engineOf(manager.connection) === 'mysql' ? ' FOR UPDATE' : '';
  const rows = await queryRows(manager, rowReader({ id: column.text, used: column.flag }), `SELECT id, used FROM survey_ballot WHERE surveyId = ? AND familyKey = ?${lock}`, [surveyId, familyKey]);
  if (rows[0]?.used) throw new AppError('SURVEY_ALREADY_ANSWERED');
  if (rows[0]) {
    await manager.query('UPDATE survey_ballot SET used = 1, codeHash = NULL WHERE id = ?', [rows[0].id]);
    return;
  }
  try {
    await manager.query('INSERT INTO survey_ballot (id, surveyId, familyKey, used, codeHash) VALUES (?, ?, ?, 1, NULL)', [newId(), surveyId, familyKey]);
  } catch (error) {
    // Both guardians of a family sent the form at the same moment: the first one counts.
    if (isUniqueViolation(error)) throw new AppError('SURVEY_ALREADY_ANSWERED');
    throw error;
  }
}

/** Whether the guardian's family has answered already (to show the form or a thank-you). */
export async function familyHasAnswered(deps: Deps, actor: Actor, survey: SurveyFacts): Promise<boolean> {
  const family = await familyOfGuardian(deps.dataSource, survey.schoolId, actor.personId, deps.clock.now());
  if (!family) return false;
  const rows = await queryRows(deps.dataSource, rowReader({ used: column.flag }), 'SELECT used FROM survey_ballot WHERE surveyId = ? AND familyKey = ?', [survey.id, family.key]);
  return rows[0]?.used === true;
}

/** A guardian answers on their phone, for their whole family: once. */
export async function answerSurvey(deps: Deps, actor: Actor, surveyId: string, form: Record<string, string | string[]>): Promise<void> {
  const survey = await openSurvey(deps, actor, surveyId, 'answer');
  const answers = checkAnswers(survey, form);
  await runInTransaction(deps.dataSource, async (manager) => {
    await lockSurvey(manager, surveyId);
    const family = await familyOfGuardian(manager, survey.schoolId, actor.personId, deps.clock.now());
    if (!family) throw new AppError('SURVEY_NOT_A_FAMILY');
    await takeBallot(manager, surveyId, family.key);
    await storeAnswer(manager, surveyId, family.classIds, answers);
  });
}

/**
 * The office types in a paper form: its single-use code and the boxes ticked. The code finds the
 * family's ballot (an unknown or used code is SURVEY_CODE_INVALID) and is erased with it.
 */
export async function enterPaperAnswer(deps: Deps, actor: Actor, surveyId: string, code: string, form: Record<string, string | string[]>): Promise<void> {
  const survey = await openSurvey(deps, actor, surveyId, 'enterPaper');
  const answers = checkAnswers(survey, form);
  const now = deps.clock.now();
  await runInTransaction(deps.dataSource, async (manager) => {
    await lockSurvey(manager, surveyId);
    const lock = engineOf(manager.connection) === 'mysql' ? ' FOR UPDATE' : '';
    const ballots = await queryRows(manager, rowReader({ id: column.text, familyKey: column.text }), `SELECT id, familyKey FROM survey_ballot WHERE surveyId = ? AND codeHash = ? AND used = 0${lock}`, [surveyId, paperCodeHash(code)]);
    const ballot = ballots[0];
    if (!ballot) throw new AppError('SURVEY_CODE_INVALID');
    const family = (await schoolFamilies(manager, survey.schoolId, now)).find((candidate) => candidate.key === ballot.familyKey);
    await manager.query('UPDATE survey_ballot SET used = 1, codeHash = NULL WHERE id = ?', [ballot.id]);
    await storeAnswer(manager, surveyId, family?.classIds ?? [], answers);
    // Who typed a form in, not which family's: the code is not recorded.
    await recordAuditEvent(manager, { schoolId: survey.schoolId, actorId: actor.personId, action: 'survey.paperAnswerEntered', subjectKind: 'survey', subjectId: surveyId, at: now });
  });
}
