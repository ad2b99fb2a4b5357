import { z } from 'zod';

/** A skill the school adds to its framework (a new domain when the code is new). Not strict: forms also send `_csrf`. */
export const newSkillInput = z.object({
  cycle: z.coerce.number().int().min(1).max(4),
  domainCode: z.string().trim().regex(/^[a-z0-9-]{2,64}$/),
  domainLabel: z.string().trim().min(1).max(200),
  label: z.string().trim().min(1).max(300),
});

/** A renamed, archived or restored skill. */
export const skillChangesInput = z.strictObject({
  label: z.string().trim().min(1).max(300).optional(),
  archived: z.boolean().optional(),
});
