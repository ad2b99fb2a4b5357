import { z } from 'zod';
import type { ModuleContext } from '../context.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { notFound } from '../http/errors.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { loadSurvey, surveyIsOpen, type SurveyFacts } from './load-survey.js';
import { schoolFamilies } from './survey-families.js';
import { MIN_ANSWERS_SHOWN } from './survey-template.js';

/** One option of a question: how many families chose it, and their share of those who answered the question. */
export interface OptionResult {
  readonly code: string;
  readonly count: number;
  /** Whole percent of the families who answered this question. */
  readonly percent: number;
}

/** A question's results. */
export interface QuestionResult {
  readonly code: string;
  readonly kind: 'one' | 'many';
  /** Families who answered this question (it could be skipped). */
  readonly answered: number;
  readonly options: readonly OptionResult[];
}

/** A survey's results for the school or one class; `questions` is empty below the minimum. */
export interface SurveyResults {
  readonly survey: SurveyFacts;
  readonly open: boolean;
  readonly classId: string | null;
  readonly answerCount: number;
  /** Families of the school (or class) now, to read the answer count against. */
  readonly familyCount: number;
  readonly minimum: number;
  readonly shown: boolean;
  readonly questions: readonly QuestionResult[];
}

const readAnswer = rowReader({
  classIds: column.json((document) => z.array(z.string()).parse(document)),
  answers: column.json((document) => z.record(z.string(), z.array(z.string())).parse(document)),
});

/**
 * A survey's aggregate, for the school or one class, as the policy allows (the team and the
 * parents' representatives: the school; a class's teachers: their class). Below the minimum
 * number of answers in that group, only the count is given: no figure could then single out
 * a family. Never a single answer.
 */
export async function readSurveyResults(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor, surveyId: string, classId: string | null): Promise<SurveyResults> {
  const survey = await loadSurvey(deps.dataSource, surveyId);
  if (!can(actor, 'viewResults', { kind: 'survey', schoolId: survey.schoolId, classId })) throw notFound();
  if (classId !== null) {
    const classes = await queryRows(deps.dataSource, rowReader({ id: column.text }), 'SELECT id FROM school_class WHERE id = ? AND schoolId = ?', [classId, survey.schoolId]);
    if (!classes[0]) throw notFound();
  }
  const now = deps.clock.now();
  const all = await queryRows(deps.dataSource, readAnswer, 'SELECT classIdsJson AS classIds, answersJson AS answers FROM survey_answer WHERE surveyId = ?', [surveyId]);
  const answers = classId === null ? all : all.filter((answer) => answer.classIds.includes(classId));
  const families = (await schoolFamilies(deps.dataSource, survey.schoolId, now)).filter((family) => classId === null || family.classIds.includes(classId));
  const shown = answers.length >= MIN_ANSWERS_SHOWN;
  const questions = shown
    ? survey.questions.map((question): QuestionResult => {
        const given = answers.map((answer) => answer.answers[question.code] ?? []).filter((chosen) => chosen.length > 0);
        return {
          code: question.code,
          kind: question.kind,
          answered: given.length,
          options: question.options.map((option) => {
            const count = given.filter((chosen) => chosen.includes(option)).length;
            return { code: option, count, percent: given.length === 0 ? 0 : Math.round((100 * count) / given.length) };
          }),
        };
      })
    : [];
  return {
    survey,
    open: surveyIsOpen(survey, now),
    classId,
    answerCount: answers.length,
    familyCount: families.length,
    minimum: MIN_ANSWERS_SHOWN,
    shown,
    questions,
  };
}
