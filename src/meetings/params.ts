import { z } from 'zod';

/** `/…/:campaignId` */
export const campaignParams = z.object({ campaignId: z.uuid() });
/** `/…/:slotId` */
export const slotParams = z.object({ slotId: z.uuid() });
/** `/…/:bookingId` */
export const bookingParams = z.object({ bookingId: z.uuid() });
/** `/calendar-feeds/:token.ics`: 43 base64url characters (256 bits); anything else is refused like a revoked token. */
export const feedParams = z.object({ token: z.string().max(100) });
/** `?pupilId=`: the child a guardian books for. */
export const pupilQuery = z.object({ pupilId: z.uuid().optional() });
/** `?original=true`: the words as written rather than translated. */
export const originalQuery = z.object({ original: z.string().optional() });
