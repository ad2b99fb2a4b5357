import { z } from 'zod';
import { ENTRY_AUDIENCES, MOMENT_KINDS } from '../model/portfolio-entry.js';
import { SKILL_LEVELS } from '../model/entry-skill.js';

/** One medium of an entry, with the pupils who appear in it when the teacher has said so. */
const mediumChoice = z.strictObject({
  id: z.uuid(),
  /** Who appears; absent means "not reviewed yet" (the entry cannot go out before). */
  appearing: z.array(z.uuid()).max(60).optional(),
});

const skillEvidence = z.strictObject({ skillId: z.uuid(), level: z.enum(SKILL_LEVELS) });

/** A new entry, from the teacher's form or the API. */
export const newEntryInput = z
  .strictObject({
    audience: z.enum(ENTRY_AUDIENCES),
    pupilIds: z.array(z.uuid()).max(60).default([]),
    momentKind: z.enum(MOMENT_KINDS).nullable().default(null),
    title: z.string().trim().max(200).default(''),
    comment: z.string().trim().max(4000).default(''),
    media: z.array(mediumChoice).max(30).default([]),
    skills: z.array(skillEvidence).max(20).default([]),
  })
  .refine((entry) => new Set(entry.skills.map((skill) => skill.skillId)).size === entry.skills.length, {
    path: ['skills'],
    params: { problem: 'invalid' },
  });
export type NewEntryInput = z.infer<typeof newEntryInput>;

/** When an entry goes out: the next publication slot, a given instant, or now. */
export const scheduleInput = z.strictObject({
  when: z.enum(['nextSlot', 'now', 'at']).default('nextSlot'),
  at: z.iso.datetime({ offset: true }).optional(),
});
export type ScheduleInput = z.infer<typeof scheduleInput>;

/** Who appears in a medium (possibly nobody). */
export const tagsInput = z.strictObject({ pupilIds: z.array(z.uuid()).max(60) });
