import { randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { engineOf } from '../db/data-source.js';
import { AppError } from '../http/errors.js';
import { newId } from '../model/columns.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import type { SurveyFacts } from './load-survey.js';

/** A family's answers: question code → the option codes chosen (none when skipped). */
export type SurveyAnswers = Record<string, string[]>;

/**
 * Reads a form's `q_<code>` fields against the survey's questions: an option the question does
 * not have, or two options to a single-choice question, is VALIDATION_FAILED; a question left
 * blank is kept as skipped (families answer what they want to).
 */
export function checkAnswers(survey: SurveyFacts, form: Record<string, string | string[]>): SurveyAnswers {
  const answers: SurveyAnswers = {};
  const problems: { field: string; problem: string }[] = [];
  for (const question of survey.questions) {
    const field = `q_${question.code}`;
    const raw = form[field];
    const chosen = [...new Set(raw === undefined ? [] : Array.isArray(raw) ? raw : [raw])].filter((value) => value !== '');
    if (chosen.some((option) => !question.options.includes(option)) || (question.kind === 'one' && chosen.length > 1)) {
      problems.push({ field, problem: 'invalidChoice' });
      continue;
    }
    answers[question.code] = question.options.filter((option) => chosen.includes(option));
  }
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { fields: problems });
  return answers;
}

/**
 * Takes the survey's row lock for the rest of the caller's transaction (MariaDB; SQLite runs one
 * transaction at a time): answers to one survey are then written one after the other. Without
 * it, two families answering at once would each rewrite the answers they read, and one answer
 * could be lost, or the engine would break the tie with a deadlock.
 */
export async function lockSurvey(manager: EntityManager, surveyId: string): Promise<void> {
  if (engineOf(manager.connection) === 'mysql') await manager.query('SELECT id FROM survey WHERE id = ? FOR UPDATE', [surveyId]);
}

const readAnswerRow = rowReader({ classIdsJson: column.text, answersJson: column.text });

/**
 * Adds a family's answers to the survey's, inside the caller's transaction. The row has no
 * person, family or time; and since a table keeps rows in the order they were written (SQLite's
 * rowid), every answer of the survey is written again in a random order under new random ids,
 * so the position of a row says nothing of when it came either. A school has at most a few
 * thousand families: rewriting them is cheap. The caller holds the survey's lock (`lockSurvey`).
 */
export async function storeAnswer(manager: EntityManager, surveyId: string, classIds: readonly string[], answers: SurveyAnswers): Promise<void> {
  const rows = await queryRows(manager, readAnswerRow, 'SELECT classIdsJson, answersJson FROM survey_answer WHERE surveyId = ?', [surveyId]);
  rows.push({ classIdsJson: JSON.stringify([...classIds].sort()), answersJson: JSON.stringify(answers) });
  for (let index = rows.length - 1; index > 0; index -= 1) {
    const other = randomInt(index + 1);
    [rows[index], rows[other]] = [rows[other]!, rows[index]!];
  }
  await manager.query('DELETE FROM survey_answer WHERE surveyId = ?', [surveyId]);
  for (const row of rows) {
    await manager.query('INSERT INTO survey_answer (id, surveyId, classIdsJson, answersJson) VALUES (?, ?, ?, ?)', [newId(), surveyId, row.classIdsJson, row.answersJson]);
  }
}
