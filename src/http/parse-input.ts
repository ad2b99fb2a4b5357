import type { z } from 'zod';
import { AppError, type FieldProblem } from './errors.js';
import { cleanUserInput } from './user-text.js';

/**
 * What can be wrong with a field, as stable codes: clients branch on them, pages translate them
 * (`errors.fields.<code>` in the catalogs).
 */
const FIELD_PROBLEMS = ['required', 'tooShort', 'tooLong', 'invalidFormat', 'invalidChoice', 'inThePast', 'invalid', 'containsNul'] as const;
type FieldProblemCode = (typeof FIELD_PROBLEMS)[number];

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The problem code of a zod issue; custom rules name theirs in `params.problem`. */
function problemOf(issue: z.core.$ZodIssue, input: unknown): FieldProblemCode {
  const value = valueAt(input, issue.path);
  if (value === undefined || value === '') return 'required';
  switch (issue.code) {
    case 'too_small':
      return 'tooShort';
    case 'too_big':
      return 'tooLong';
    case 'invalid_format':
      return 'invalidFormat';
    case 'invalid_value':
      return 'invalidChoice';
    case 'invalid_union':
      // A discriminated union names its discriminator when the value is none of its options.
      return issue.discriminator === undefined ? 'invalid' : 'invalidChoice';
    case 'custom': {
      const named = (issue.params as { problem?: unknown } | undefined)?.problem;
      return (FIELD_PROBLEMS as readonly unknown[]).includes(named) ? (named as FieldProblemCode) : 'invalid';
    }
    default:
      return 'invalid';
  }
}

/**
 * Validates request input against a schema; a failure lists every field at fault under
 * VALIDATION_FAILED, each with a problem code. Every route's input passes here, so this is where
 * user text is cleaned: bidi controls are removed from every string, and a NUL byte anywhere is
 * refused (`containsNul`) before the schema runs.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const { value, nulFields } = cleanUserInput(input);
  if (nulFields.length > 0) throw new AppError('VALIDATION_FAILED', { fields: nulFields.map((field): FieldProblem => ({ field, problem: 'containsNul' })) });
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError('VALIDATION_FAILED', {
    fields: result.error.issues.map(
      (issue): FieldProblem => ({
        field: issue.path.length > 0 ? issue.path.join('.') : '(body)',
        problem: problemOf(issue, value),
      }),
    ),
  });
}
