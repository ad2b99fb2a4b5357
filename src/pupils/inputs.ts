import { z } from 'zod';
import { GUARDIANSHIP_STATUSES, IMAGE_CONSENT_PURPOSES, IMAGE_CONSENT_SCOPES, LEGAL_BASIS_KINDS } from '../model/roles.js';

const calendarDate = z.iso.date('must be a date (YYYY-MM-DD)');
/** Empty form fields arrive as ''; treat them as absent. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/**
 * A new status for a guardian, from the director's form or the API. Any status but `full` must
 * name the decision or document behind it.
 */
export const guardianshipStatusInput = z
  .object({
    status: z.enum(GUARDIANSHIP_STATUSES),
    legalBasisKind: optional(z.enum(LEGAL_BASIS_KINDS)),
    legalBasisReference: optional(z.string().trim().min(3).max(200)),
    legalBasisDate: optional(calendarDate),
  })
  .superRefine((input, ctx) => {
    // The document behind a status is given whole or not at all, and always for a restriction.
    const fields = ['legalBasisKind', 'legalBasisReference', 'legalBasisDate'] as const;
    const given = fields.filter((field) => input[field] !== undefined);
    if (input.status === 'full' && given.length === 0) return;
    for (const field of fields) {
      if (input[field] === undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: 'required with the rest of the legal basis', params: { problem: 'required' } });
      }
    }
  });

export type GuardianshipStatusInput = z.infer<typeof guardianshipStatusInput>;

/**
 * An image-rights decision, from a guardian's or a teacher's form, or the API: for one purpose,
 * or for every purpose when none is named (a paper form covering them all).
 */
export const imageConsentInput = z.object({
  scope: z.enum(IMAGE_CONSENT_SCOPES),
  purpose: optional(z.enum(IMAGE_CONSENT_PURPOSES)),
  validTo: optional(calendarDate),
  evidence: optional(z.string().trim().min(1).max(200)),
});

export type ImageConsentInput = z.infer<typeof imageConsentInput>;
