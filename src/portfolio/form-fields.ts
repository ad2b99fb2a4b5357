import type { ReceivedForm } from '../media/index.js';
import type { NewEntryInput } from './entry-inputs.js';

/** All values of a form field, whether sent once or several times. */
export function fieldValues(fields: ReceivedForm['fields'] | Record<string, unknown>, name: string): string[] {
  const value = fields[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string' && item !== '');
}

/** The first value of a form field. */
export function fieldValue(fields: ReceivedForm['fields'] | Record<string, unknown>, name: string): string | undefined {
  return fieldValues(fields, name)[0];
}

/**
 * The teacher's phone form as an entry input: the pupils it is about, who appears in the photos
 * (one answer for every file of the form; each photo can be corrected afterwards), skill and
 * level pairs, comment. The result is checked by `newEntryInput` like an API body.
 */
export function entryInputFromForm(fields: ReceivedForm['fields'], mediumIds: readonly string[]): Record<string, unknown> {
  const peopleAnswered = fieldValue(fields, 'peopleReviewed') === 'yes';
  const appearing = fieldValues(fields, 'appearing');
  const skillIds = fieldValues(fields, 'skillId');
  const levels = fieldValues(fields, 'skillLevel');
  const skills = skillIds.map((skillId, index) => ({ skillId, level: levels[index] })).filter((skill) => skill.level !== undefined);
  return {
    audience: fieldValue(fields, 'audience'),
    pupilIds: fieldValues(fields, 'pupilIds'),
    momentKind: fieldValue(fields, 'momentKind') ?? null,
    title: fieldValue(fields, 'title') ?? '',
    comment: fieldValue(fields, 'comment') ?? '',
    media: mediumIds.map((id) => (peopleAnswered ? { id, appearing } : { id })),
    skills,
  } satisfies Partial<Record<keyof NewEntryInput, unknown>>;
}
