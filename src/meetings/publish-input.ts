import { z } from 'zod';

/** POST /meetings/:bookingId/publish: the guardians to tell (all who may see it when absent). */
export const publishInput = z.strictObject({ to: z.array(z.uuid()).max(10).optional() });
