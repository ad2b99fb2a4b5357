import type { SurveyResults } from './survey-results.js';

const cell = (value: string | number): string => {
  const text = String(value);
  // Quoted always; a leading =, +, - or @ would be run as a formula by a spreadsheet.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
};

/**
 * The results as CSV (one line per question and option: counts and percentages, never a single
 * family's answers), with the question and option in words for people and as codes for programs.
 * Below the minimum number of answers it holds the header and the count only, as the page does.
 */
export function resultsCsv(results: SurveyResults, words: { question(code: string): string; option(question: string, code: string): string; headers: readonly string[] }): string {
  const lines = [words.headers.map(cell).join(';')];
  for (const question of results.questions) {
    for (const option of question.options) {
      lines.push([question.code, words.question(question.code), option.code, words.option(question.code, option.code), option.count, question.answered, option.percent].map(cell).join(';'));
    }
  }
  if (!results.shown) lines.push(['', '', '', '', results.answerCount, '', ''].map(cell).join(';'));
  // A byte-order mark: spreadsheet programs then read the accents right.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
