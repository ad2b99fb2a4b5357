import { z } from 'zod';
import { SURVEY_QUESTION_CODES } from './survey-template.js';

const calendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const listOf = <T extends z.ZodType>(item: T) => z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(item));

/** The director's launch form: a title, the template's questions to ask, the last day. */
export const launchSurveyInput = z.object({
  title: z.string().trim().min(1).max(200),
  questions: listOf(z.enum(SURVEY_QUESTION_CODES as [string, ...string[]])).refine((codes) => codes.length > 0, { params: { problem: 'required' } }),
  closesOn: calendarDay,
});

/**
 * A family's answers as a form sends them: `q_<code>` fields, one value or several. Which codes
 * and options are allowed is the survey's business (`checkAnswers`).
 */
export const answerFormInput = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

/** The paper form typed in by the office: its code and the answers ticked on it. */
export const paperCodeInput = z.object({ paperCode: z.string().trim().min(1).max(40) });

/** `?classId=` on the results: a class's aggregate instead of the school's. */
export const resultsQuery = z.object({ classId: z.uuid().optional() });
