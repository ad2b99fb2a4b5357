import { z } from 'zod';
import { notFound } from '../http/errors.js';
import { localDate } from '../school-year/local-time.js';
import { column, queryRows, rowReader, type RawQueries } from '../db/row-reader.js';
import { questionsOf, type SurveyQuestion } from './survey-template.js';

/** A survey as the pages and the services read it. */
export interface SurveyFacts {
  readonly id: string;
  readonly schoolId: string;
  readonly schoolName: string;
  readonly timezone: string;
  readonly title: string;
  readonly questions: readonly SurveyQuestion[];
  /** The last day answers are taken, `YYYY-MM-DD` in the school's time zone. */
  readonly closesOn: string;
  readonly closedAt: Date | null;
  readonly createdAt: Date;
}

const readSurveyRow = rowReader({
  id: column.text,
  schoolId: column.text,
  schoolName: column.text,
  timezone: column.text,
  title: column.text,
  questionCodes: column.json((document) => z.array(z.string()).parse(document)),
  closesOn: column.calendarDate,
  closedAt: column.nullableInstant,
  createdAt: column.instant,
});

const SELECT = `SELECT v.id AS id, v.schoolId AS schoolId, s.name AS schoolName, s.timezone AS timezone, v.title AS title,
       v.questionsJson AS questionCodes, v.closesOn AS closesOn, v.closedAt AS closedAt, v.createdAt AS createdAt
  FROM survey v JOIN school s ON s.id = v.schoolId`;

function toFacts(row: ReturnType<typeof readSurveyRow>): SurveyFacts {
  return { ...row, closesOn: row.closesOn ?? '', questions: questionsOf(row.questionCodes) };
}

/** One survey, or NOT_FOUND (the caller then asks the policy). */
export async function loadSurvey(database: RawQueries, surveyId: string): Promise<SurveyFacts> {
  const rows = await queryRows(database, readSurveyRow, `${SELECT} WHERE v.id = ?`, [surveyId]);
  if (!rows[0]) throw notFound();
  return toFacts(rows[0]);
}

/** The school's surveys, newest first. */
export async function listSurveys(database: RawQueries, schoolId: string): Promise<SurveyFacts[]> {
  const rows = await queryRows(database, readSurveyRow, `${SELECT} WHERE v.schoolId = ? ORDER BY v.createdAt DESC`, [schoolId]);
  return rows.map(toFacts);
}

/** True while answers are taken: not closed by the director, and its last day not past. */
export function surveyIsOpen(survey: SurveyFacts, now: Date): boolean {
  return survey.closedAt === null && localDate(now, survey.timezone) <= survey.closesOn;
}
