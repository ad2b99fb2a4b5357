import { z } from 'zod';
import { DEFAULT_NOT_READ_HOURS } from './paper-recipients.js';

/** Hours without reading after which a guardian gets paper: from one hour to two weeks. */
export const notReadHours = z.coerce.number().int().min(1).max(336).default(DEFAULT_NOT_READ_HOURS);

/** `?hours=`: the wait chosen on the page. */
export const paperQuery = z.object({ hours: notReadHours });

/** Printing: the wait chosen on the page (a form also carries its `_csrf`). */
export const printInput = z.object({ hours: notReadHours });

/** An answer read from a paper reply slip. */
export const paperAnswerInput = z.object({ guardianId: z.uuid(), answer: z.enum(['yes', 'no']) });

/** A person's channel choice. */
export const paperChannelInput = z.strictObject({ paper: z.boolean() });

/** Who needs paper, as the API gives it. */
export const paperRecipientsResponse = z.object({
  messageId: z.string(),
  notReadForHours: z.number(),
  recipients: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      childName: z.string(),
      language: z.string(),
      readAt: z.string().nullable(),
      answer: z.string().nullable(),
      answeredOnPaper: z.boolean(),
      reason: z.enum(['chosePaper', 'notRead']).nullable(),
    }),
  ),
});

/** A person's channel choice, as the API gives it. */
export const paperChannelResponse = z.object({ paper: z.boolean() });
