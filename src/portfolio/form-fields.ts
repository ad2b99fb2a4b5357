import { AppError } from '../http/errors.js';
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
 * The form's answer to "who appears in the photos": the children ticked, nobody, or "later"
 * (photo by photo). With files the question must be answered, and "children appear" needs at
 * least one ticked: the form never concludes that nobody appears from a question left aside,
 * since that would show every photo to every family the entry reaches.
 */
function whoAppears(fields: ReceivedForm['fields'], hasFiles: boolean): string[] | 'later' {
  const answer = fieldValue(fields, 'peopleReviewed');
  if (answer === 'later') return 'later';
  if (answer === 'nobody') return [];
  const ticked = fieldValues(fields, 'appearing');
  if (answer === 'yes') {
    if (ticked.length === 0 && hasFiles) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'appearing', problem: 'required' }] });
    return ticked;
  }
  if (hasFiles) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'peopleReviewed', problem: 'required' }] });
  return 'later';
}

/**
 * The teacher's phone form as an entry input: the pupils it is about, who appears in the photos
 * (one answer for every file of the form; each photo can be corrected afterwards), skill and
 * level pairs, comment. The result is checked by `newEntryInput` like an API body.
 */
export function entryInputFromForm(fields: ReceivedForm['fields'], mediumIds: readonly string[]): Record<string, unknown> {
  const appearing = whoAppears(fields, mediumIds.length > 0);
  const skillIds = fieldValues(fields, 'skillId');
  const levels = fieldValues(fields, 'skillLevel');
  const skills = skillIds.map((skillId, index) => ({ skillId, level: levels[index] })).filter((skill) => skill.level !== undefined);
  return {
    audience: fieldValue(fields, 'audience'),
    pupilIds: fieldValues(fields, 'pupilIds'),
    momentKind: fieldValue(fields, 'momentKind') ?? null,
    title: fieldValue(fields, 'title') ?? '',
    comment: fieldValue(fields, 'comment') ?? '',
    media: mediumIds.map((id) => (appearing === 'later' ? { id } : { id, appearing })),
    skills,
  } satisfies Partial<Record<keyof NewEntryInput, unknown>>;
}
