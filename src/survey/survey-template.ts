/**
 * The questions of the families' survey, after the Éduscol diagnostic of families' equipment and
 * digital skills. Questions and options are codes: their words come from the catalogs, so each
 * family reads the survey in its own language and the answers of all languages add up. The
 * director chooses which questions to ask; the words stay the catalog's.
 */
export interface SurveyQuestion {
  readonly code: string;
  /** `one`: a single choice; `many`: every option that applies. */
  readonly kind: 'one' | 'many';
  readonly options: readonly string[];
}

/** How easy something is for the family, the same scale for every tool. */
const EASE = ['easy', 'withHelp', 'difficult', 'neverUsed'] as const;

/** The template, in the order it is asked. */
export const SURVEY_QUESTIONS: readonly SurveyQuestion[] = [
  { code: 'equipment', kind: 'many', options: ['smartphone', 'computer', 'tablet', 'internetHome', 'printer', 'none'] },
  { code: 'easeEnt', kind: 'one', options: EASE },
  { code: 'easeEmail', kind: 'one', options: EASE },
  { code: 'easeApps', kind: 'one', options: EASE },
  { code: 'preferredChannel', kind: 'one', options: ['app', 'email', 'paper', 'phone', 'meeting'] },
  { code: 'languagesRead', kind: 'many', options: ['fr', 'ar', 'es', 'pt', 'tr', 'en', 'other'] },
  { code: 'helpWanted', kind: 'many', options: ['workshops', 'ent', 'email', 'apps', 'none'] },
];

/** The codes of the template's questions. */
export const SURVEY_QUESTION_CODES = SURVEY_QUESTIONS.map((question) => question.code);

/**
 * Fewer answers than this in a group (the school, a class) and nothing of the group's results
 * is shown. Five is the smallest group in which a family's answer cannot be told from the others
 * by someone who knows who answered and what the others said (the same threshold as statistical
 * offices' small-cell rule and the engagement figures'); below it, "2 families out of 3 have no
 * computer" would name families.
 */
export const MIN_ANSWERS_SHOWN = 5;

/** The template's questions among `codes`, in template order. */
export function questionsOf(codes: readonly string[]): SurveyQuestion[] {
  return SURVEY_QUESTIONS.filter((question) => codes.includes(question.code));
}
