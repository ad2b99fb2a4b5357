import { z } from 'zod';
import { minutesOf, zonedInstant } from '../notify/zoned-time.js';
import { ACTION_OWNERS, PLACE_KINDS } from '../model/meeting.js';
import type { Companion, RecordInput } from './inputs.js';

const localDate = z.iso.date();
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/);
const checkbox = z.string().optional().transform((value) => value !== undefined && value !== '');

/** The page's "new round" form: a class, a window, and a series of slots on one day (the API takes any list). */
export const newCampaignForm = z.object({
  classId: z.uuid(),
  title: z.string().trim().min(1).max(200),
  opensAt: localDateTime,
  closesAt: localDateTime,
  day: localDate,
  firstTime: localTime,
  count: z.coerce.number().int().min(1).max(30),
  minutes: z.coerce.number().int().min(5).max(240),
  placeKind: z.enum(PLACE_KINDS),
  placeDetail: z.string().trim().max(300).default(''),
  informationOnlyInvited: checkbox,
});

/** A wall-clock reading in the school's zone, as the instant it names. */
export function instantOf(timeZone: string, date: string, time: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return zonedInstant(timeZone, { year, month, day }, 0, minutesOf(time));
}

/** The booking form: the child, together or not, and who comes along. */
export const bookForm = z.object({
  pupilId: z.uuid(),
  together: checkbox,
  interpreter: checkbox,
  interpreterLanguage: z.string().max(12).optional(),
  mediator: checkbox,
  otherAdult: checkbox,
});

/** The companions the booking form names. */
export function companionsOf(form: z.infer<typeof bookForm>): Companion[] {
  return [
    ...(form.interpreter ? [{ kind: 'interpreter' as const, ...(form.interpreterLanguage ? { language: form.interpreterLanguage } : {}) }] : []),
    ...(form.mediator ? [{ kind: 'mediator' as const }] : []),
    ...(form.otherAdult ? [{ kind: 'otherAdult' as const }] : []),
  ];
}

/** How many plan lines the page's form offers. */
export const PLAN_LINES = 3;

const planLine = (index: number) => ({
  [`owner${index}`]: z.enum(ACTION_OWNERS).optional(),
  [`what${index}`]: z.string().trim().max(500).optional(),
  [`due${index}`]: z.union([localDate, z.literal('')]).optional(),
});

/** The host's record form. */
export const recordForm = z.object({
  sharedNotes: z.string().max(10_000).default(''),
  privateNotes: z.string().max(10_000).default(''),
  summary: z.string().max(10_000).default(''),
  ...planLine(0),
  ...planLine(1),
  ...planLine(2),
});

/** The record form as the service's input: the plan lines with something written. */
export function recordInputOf(form: Record<string, string | undefined>): RecordInput {
  const actions: RecordInput['actions'] = [];
  for (let index = 0; index < PLAN_LINES; index += 1) {
    const what = form[`what${index}`]?.trim();
    const owner = form[`owner${index}`] as (typeof ACTION_OWNERS)[number] | undefined;
    const due = form[`due${index}`];
    if (what && owner) actions.push({ owner, what, ...(due ? { dueOn: due } : {}) });
  }
  return { sharedNotes: form.sharedNotes ?? '', privateNotes: form.privateNotes ?? '', summary: form.summary ?? '', actions };
}
